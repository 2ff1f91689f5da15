import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isConfigError, type ConfigError } from '@breakwater/core/config';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from './loadConfigFile.ts';

const seedFile = fileURLToPath(new URL('./fixtures/seed-v1.yaml', import.meta.url));
const seed = readFileSync(seedFile, 'utf8');
const root = mkdtempSync(join(tmpdir(), 'breakwater-config-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfigFile', () => {
  it("reads the seed's config.yaml", async () => {
    expect(await loadConfigFile(seedFile)).toStrictEqual({
      config: {
        maxRetries: 3,
        baseDelayMs: 1000,
        maxDelayMs: 60_000,
        jitter: true,
        circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000 },
        recoveryActions: {
          network_retry: { enabled: true, priority: 1, maxRetries: 3 },
          rate_limit_wait: { enabled: true, priority: 2, waitTimeMs: 60_000 },
          data_fallback: { enabled: true, priority: 3, cacheTtlMs: 3_600_000 },
          exchange_fallback: { enabled: true, priority: 4, paperTradingEnabled: true },
        },
      },
      warnings: [],
    });
  });

  it('gives warnings with the path, line and column', async () => {
    const file = write('unknown-key.yaml', seed.replace('  jitter: true\n', '  jitter: true\n  log_errors: true\n'));
    expect((await loadConfigFile(file)).warnings).toStrictEqual([
      { path: 'error_handling.log_errors', message: 'unknown key, ignored', line: 6, column: 3, source: file },
    ]);
  });

  it('names path:line:column of a wrong value', async () => {
    const file = write('wrong-value.yaml', seed.replace('failure_threshold: 5', 'failure_threshold: -1'));
    const error = await configError(loadConfigFile(file));
    expect(error.message).toBe(
      `Invalid Breakwater config in ${file}:\n` +
        `  error_handling.circuit_breaker.failure_threshold: expected a positive integer, got -1 (${file}:7:24)`,
    );
    expect(error.source).toBe(file);
  });

  it('names path:line:column of a YAML syntax error', async () => {
    const file = write('syntax.yaml', 'error_handling:\n  max_retries: [3\n');
    const error = await configError(loadConfigFile(file));
    expect(error.message).toBe(
      `Invalid Breakwater config in ${file}:\n` +
        `  Flow sequence in block collection must be sufficiently indented and end with a ] (${file}:3:1)`,
    );
  });

  it('a file that cannot be read is a ConfigError naming the path, with the system error as cause', async () => {
    const missing = join(root, 'nowhere', 'config.yaml');
    const error = await configError(loadConfigFile(missing));
    expect(error.message).toBe(
      `Invalid Breakwater config in ${missing}:\n` +
        `  cannot read the file: ENOENT: no such file or directory, open '${missing}'`,
    );
    expect(error.issues).toStrictEqual([
      { path: '', message: `cannot read the file: ENOENT: no such file or directory, open '${missing}'` },
    ]);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');

    const directory = await configError(loadConfigFile(root));
    expect(directory.message).toBe(
      `Invalid Breakwater config in ${root}:\n  cannot read the file: EISDIR: illegal operation on a directory, read`,
    );
  });
});
