import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../config/index.ts';
import { isConfigError, type ConfigError } from '../errors/ConfigError.ts';
import { CONFIG_LIMITS } from './configLimits.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** `{ a: { b: value } }` from `['a', 'b']`. */
function at(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>(
    (inner, key) => ({ [key]: inner }),
    value as Record<string, unknown>,
  );
}

const L = CONFIG_LIMITS;
/** Each bounded setting: its YAML path, its path in code, and its bound in each one's unit. */
const bounded: Array<{ yaml: string[]; code: string[]; max: number; maxInCode: number; above: number }> = [
  { yaml: ['max_retries'], code: ['maxRetries'], max: L.maxCount, maxInCode: L.maxCount, above: 1 },
  {
    yaml: ['base_delay'],
    code: ['baseDelayMs'],
    max: L.maxDurationMs / 1000,
    maxInCode: L.maxDurationMs,
    above: 0.001,
  },
  { yaml: ['history_size'], code: ['historySize'], max: L.maxHistorySize, maxInCode: L.maxHistorySize, above: 1 },
  {
    yaml: ['max_tracked_keys'],
    code: ['maxTrackedKeys'],
    max: L.maxTrackedKeys,
    maxInCode: L.maxTrackedKeys,
    above: 1,
  },
  {
    yaml: ['circuit_breaker', 'failure_threshold'],
    code: ['circuitBreaker', 'failureThreshold'],
    max: L.maxCount,
    maxInCode: L.maxCount,
    above: 1,
  },
  {
    yaml: ['circuit_breaker', 'recovery_timeout'],
    code: ['circuitBreaker', 'recoveryTimeoutMs'],
    max: L.maxDurationMs / 1000,
    maxInCode: L.maxDurationMs,
    above: 0.001,
  },
  {
    yaml: ['circuit_breaker', 'half_open_max_calls'],
    code: ['circuitBreaker', 'halfOpenMaxCalls'],
    max: L.maxCount,
    maxInCode: L.maxCount,
    above: 1,
  },
  {
    yaml: ['circuit_breaker', 'success_threshold'],
    code: ['circuitBreaker', 'successThreshold'],
    max: L.maxCount,
    maxInCode: L.maxCount,
    above: 1,
  },
  {
    yaml: ['recovery_actions', 'network_retry', 'max_retries'],
    code: ['recoveryActions', 'network_retry', 'maxRetries'],
    max: L.maxCount,
    maxInCode: L.maxCount,
    above: 1,
  },
  {
    yaml: ['recovery_actions', 'rate_limit_wait', 'wait_time'],
    code: ['recoveryActions', 'rate_limit_wait', 'waitTimeMs'],
    max: L.maxDurationMs / 1000,
    maxInCode: L.maxDurationMs,
    above: 0.001,
  },
  {
    yaml: ['recovery_actions', 'data_fallback', 'cache_ttl'],
    code: ['recoveryActions', 'data_fallback', 'cacheTtlMs'],
    max: L.maxDurationMs / 1000,
    maxInCode: L.maxDurationMs,
    above: 0.001,
  },
  {
    yaml: ['recovery_actions', 'data_fallback', 'max_entries'],
    code: ['recoveryActions', 'data_fallback', 'maxEntries'],
    max: L.maxTrackedKeys,
    maxInCode: L.maxTrackedKeys,
    above: 1,
  },
];

describe('config limits: the YAML schema and the handler agree', () => {
  it.each(bounded)(
    '$yaml accepted up to its bound by both, refused past it by both',
    ({ yaml, code, max, maxInCode, above }) => {
      // At the bound: parseConfig gives exactly the bound in the handler's unit, and the handler takes it.
      const section = yaml[0] === 'base_delay' ? { base_delay: max, max_delay: max } : at(yaml, max);
      const { config } = parseConfig(section);
      expect(code.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], config)).toBe(maxInCode);
      expect(() => new ErrorHandler(config)).not.toThrow();

      // Past it: both name the key path, neither throws anything else.
      expect(configErrorOf(() => parseConfig(at(yaml, max + above))).issues.map((issue) => issue.path)).toContain(
        yaml.join('.'),
      );
      const tooBig = at(code, maxInCode + (above < 1 ? 1 : above)) as ErrorHandlerConfig;
      expect(configErrorOf(() => new ErrorHandler(tooBig)).issues.map((issue) => issue.path)).toContain(code.join('.'));
    },
  );

  it('refuses huge values from a file at their line, instead of a RangeError or Infinity milliseconds', () => {
    const text = 'error_handling:\n  history_size: 4294967296\n  circuit_breaker:\n    recovery_timeout: 1e306\n';
    expect(configErrorOf(() => loadConfig(text, { source: 'bot.yaml' })).message).toBe(
      [
        'Invalid Breakwater config in bot.yaml:',
        '  error_handling.history_size: expected at most 100000, got 4294967296 (bot.yaml:2:17)',
        '  error_handling.circuit_breaker.recovery_timeout: expected at most 2147483.647 seconds (about 24.9 days), ' +
          'got 1e+306 (bot.yaml:4:23)',
      ].join('\n'),
    );
  });

  it('refuses a blank exchange name in the file, as the classifier does in code', () => {
    expect(configErrorOf(() => parseConfig({ exchange_names: ['kraken', ' '] })).issues).toStrictEqual([
      { path: 'exchange_names[1]', message: 'expected a non-empty string, got " "' },
    ]);
    expect(configErrorOf(() => new ErrorHandler({ exchangeNames: ['kraken', ' '] })).issues).toStrictEqual([
      { path: 'exchangeNames[1]', message: 'expected a non-empty string, got " "' },
    ]);
  });

  it('what parseConfig accepts, the handler takes (history_size 0 included)', () => {
    const { config } = parseConfig({
      history_size: 0,
      exponential_base: 1,
      max_delay: 0,
      base_delay: 0,
      jitter: 'full',
    });
    expect(new ErrorHandler(config).config).toMatchObject({ historySize: 0, exponentialBase: 1, maxDelayMs: 0 });
  });
});
