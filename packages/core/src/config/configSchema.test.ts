import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { configSchema } from './index.ts';

describe('configSchema', () => {
  it("validates the seed's section in the file's own spelling", () => {
    const file = parse(readFileSync(new URL('./fixtures/seed-v1.yaml', import.meta.url), 'utf8'));
    expect(configSchema.parse(file.error_handling)).toStrictEqual(file.error_handling);
  });

  it('is strict: unknown keys are issues (parseConfig turns them into warnings)', () => {
    const result = configSchema.safeParse({ retry_delay: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toStrictEqual(['unrecognized_keys']);
  });

  it('exports as JSON Schema for editors', () => {
    const schema = z.toJSONSchema(configSchema, { io: 'input' }) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toStrictEqual([
      'max_retries',
      'base_delay',
      'max_delay',
      'max_retry_after',
      'exponential_base',
      'jitter',
      'circuit_breaker',
      'recovery_actions',
      'history_size',
      'max_tracked_keys',
      'exchange_names',
      'classification_rules',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });
});
