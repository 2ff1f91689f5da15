import { describe, expect, it } from 'vitest';
import { ConfigError, isConfigError } from '../errors/ConfigError.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

/** Runs `fn`, expecting a ConfigError (not a RangeError, not a TypeError), and returns it. */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** What plain JavaScript (or a cast) may pass: the types do not hold at run time. */
function untyped(config: unknown): ErrorHandlerConfig {
  return config as ErrorHandlerConfig;
}

const HINT =
  "this is the YAML file's format (snake_case keys, durations in seconds): " +
  'read it with parseConfig from @breakwater/core/config';

describe('config given in code is checked at run time', () => {
  it('rejects an unknown key, suggesting the known key it is close to', () => {
    const error = configErrorOf(() => new ErrorHandler(untyped({ maxRetires: 7 })));
    expect(error.message).toBe(
      'Invalid Breakwater config in new ErrorHandler(config):\n  maxRetires: unknown key (did you mean maxRetries?)',
    );
    expect(error.issues).toStrictEqual([{ path: 'maxRetires', message: 'unknown key (did you mean maxRetries?)' }]);
    expect(error.source).toBe('new ErrorHandler(config)');
  });

  it('rejects unknown keys at every depth, through configure() too, and applies nothing then', () => {
    const handler = new ErrorHandler({ maxRetries: 2 });
    const error = configErrorOf(() =>
      handler.configure(
        untyped({
          maxRetries: 4,
          circuitBreaker: { failureTreshold: 2 },
          recoveryActions: { data_fallback: { cacheTTLMs: 5 }, email_alert: { enabled: true } },
          classificationRules: [{ name: 'x', match: { code: ['E1'] }, category: 'api', retriable: false }],
          retryDelay: 5,
        }),
      ),
    );
    expect(error.message).toBe(
      [
        'Invalid Breakwater config in ErrorHandler.configure(config):',
        '  circuitBreaker.failureTreshold: unknown key (did you mean failureThreshold?)',
        '  recoveryActions.data_fallback.cacheTTLMs: unknown key (did you mean cacheTtlMs?)',
        '  recoveryActions.email_alert: unknown key',
        '  classificationRules[0].match.code: unknown key (did you mean codes?)',
        '  classificationRules[0].match: expected at least one of names, codes, statuses, message or test, got none',
        '  classificationRules[0].retriable: unknown key (did you mean retryable?)',
        '  retryDelay: unknown key',
      ].join('\n'),
    );
    expect(handler.config.maxRetries).toBe(2);
  });

  it("tells a seed-format object (the YAML file's spelling) to go through parseConfig", () => {
    const error = configErrorOf(() => new ErrorHandler(untyped({ max_retries: 3, circuit_breaker_threshold: 5 })));
    expect(error.message).toBe(
      [
        'Invalid Breakwater config in new ErrorHandler(config):',
        `  ${HINT}`,
        "  max_retries: unknown key (the YAML file's name for maxRetries)",
        '  circuit_breaker_threshold: unknown key',
      ].join('\n'),
    );
    const nested = configErrorOf(
      () =>
        new ErrorHandler(
          untyped({ error_handling: { max_retries: 3 }, circuitBreaker: { recovery_timeout: 60 }, base_delay: 1 }),
        ),
    );
    expect(nested.issues).toStrictEqual([
      { path: '', message: HINT },
      { path: 'error_handling', message: "unknown key (the YAML file's section)" },
      {
        path: 'circuitBreaker.recovery_timeout',
        message: "unknown key (the YAML file's name for recoveryTimeoutMs (in seconds there))",
      },
      { path: 'base_delay', message: "unknown key (the YAML file's name for baseDelayMs (in seconds there))" },
    ]);
  });

  it('names the code key of every top-level setting the YAML file spells otherwise (the seed-name table)', () => {
    // max_retry_after came after the hints were first written by hand: it must be named like the others.
    const error = configErrorOf(() => new ErrorHandler(untyped({ max_retry_after: 30, history_size: 10 })));
    expect(error.issues).toStrictEqual([
      { path: '', message: HINT },
      {
        path: 'max_retry_after',
        message: "unknown key (the YAML file's name for maxRetryAfterMs (in seconds there))",
      },
      { path: 'history_size', message: "unknown key (the YAML file's name for historySize)" },
    ]);
  });

  it('names wrong types and ranges by their key path, every one of them', () => {
    const error = configErrorOf(
      () =>
        new ErrorHandler(
          untyped({
            maxRetries: '3',
            exponentialBase: 0.5,
            jitter: 'yes',
            circuitBreaker: { failureThreshold: 0, halfOpenMaxCalls: 1.5, recoveryTimeoutMs: -1 },
            recoveryActions: { network_retry: { enabled: 'true', maxRetries: -1 }, exchange_fallback: [] },
            maxTrackedKeys: null,
            exchangeNames: ['kraken', '  '],
            classificationRules: [
              { name: '', match: { statuses: [99], message: '' }, category: 'netwrok', severity: 'urgent' },
              { match: { names: [], test: 'x' } },
            ],
          }),
        ),
    );
    expect(error.message).toBe(
      [
        'Invalid Breakwater config in new ErrorHandler(config):',
        '  maxRetries: expected a non-negative integer, got "3"',
        '  exponentialBase: expected a number >= 1, got 0.5',
        '  jitter: expected true, false, "full" or "decorrelated", got "yes"',
        '  circuitBreaker.failureThreshold: expected a positive integer, got 0',
        '  circuitBreaker.halfOpenMaxCalls: expected a positive integer, got 1.5',
        '  circuitBreaker.recoveryTimeoutMs: expected a non-negative number of milliseconds, got -1',
        '  recoveryActions.network_retry.enabled: expected true or false, got "true"',
        '  recoveryActions.network_retry.maxRetries: expected a non-negative integer, got -1',
        '  recoveryActions.exchange_fallback: expected a map, got an empty list',
        '  maxTrackedKeys: expected a positive integer, got null',
        '  exchangeNames[1]: expected a non-empty string, got "  "',
        '  classificationRules[0].name: expected a non-empty string, got ""',
        '  classificationRules[0].match.statuses[0]: expected an HTTP status (100-599), got 99',
        '  classificationRules[0].match.message: expected a RegExp or a non-empty string, got ""',
        '  classificationRules[0].category: expected one of "network", "api", "data", "exchange", "strategy", ' +
          '"memory", "config", "system", got "netwrok"',
        '  classificationRules[0].severity: expected one of "low", "medium", "high", "critical", got "urgent"',
        '  classificationRules[1].match.names: expected a non-empty list of class names, got an empty list',
        '  classificationRules[1].match.test: expected a function, got "x"',
        '  classificationRules[1].name: expected a non-empty string, got nothing',
        '  classificationRules[1].category: expected one of "network", "api", "data", "exchange", "strategy", ' +
          '"memory", "config", "system", got nothing',
      ].join('\n'),
    );
  });

  it('refuses values past the limits as ConfigErrors, never a RangeError from deep inside', () => {
    expect(configErrorOf(() => new ErrorHandler({ historySize: 4_294_967_296 })).message).toBe(
      'Invalid Breakwater config in new ErrorHandler(config):\n  historySize: expected at most 100000, got 4294967296',
    );
    const error = configErrorOf(
      () =>
        new ErrorHandler({
          maxRetries: 1e7,
          maxDelayMs: 2 ** 31,
          maxTrackedKeys: 100_001,
          circuitBreaker: { recoveryTimeoutMs: 1e306, successThreshold: 1_000_001 },
          recoveryActions: { rate_limit_wait: { waitTimeMs: Infinity }, data_fallback: { maxEntries: 1e9 } },
        }),
    );
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toStrictEqual([
      'maxRetries: expected at most 1000000, got 10000000',
      'maxDelayMs: expected at most 2147483647 milliseconds (about 24.9 days), got 2147483648',
      'maxTrackedKeys: expected at most 100000, got 100001',
      'circuitBreaker.recoveryTimeoutMs: expected at most 2147483647 milliseconds (about 24.9 days), got 1e+306',
      'circuitBreaker.successThreshold: expected at most 1000000, got 1000001',
      'recoveryActions.rate_limit_wait.waitTimeMs: expected a non-negative number of milliseconds, got Infinity',
      'recoveryActions.data_fallback.maxEntries: expected at most 100000, got 1000000000',
    ]);
  });

  it('accepts the limits themselves', () => {
    const handler = new ErrorHandler({
      maxRetries: 1_000_000,
      maxDelayMs: 2 ** 31 - 1,
      historySize: 100_000,
      maxTrackedKeys: 100_000,
      circuitBreaker: { recoveryTimeoutMs: 2 ** 31 - 1, failureThreshold: 1_000_000 },
    });
    expect(handler.config).toMatchObject({
      maxRetries: 1_000_000,
      historySize: 100_000,
      circuitBreaker: { failureThreshold: 1_000_000 },
    });
  });

  it('reports getters and Proxies that throw as problems at their path, keeping the first error as cause', () => {
    const boom = new Error('boom');
    const breaker = {
      get failureThreshold(): number {
        throw boom;
      },
    };
    const error = configErrorOf(() => new ErrorHandler(untyped({ maxRetries: 1, circuitBreaker: breaker })));
    expect(error.message).toBe(
      'Invalid Breakwater config in new ErrorHandler(config):\n' +
        '  circuitBreaker.failureThreshold: could not be read (Error: boom)',
    );
    expect(error.cause).toBe(boom);

    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(configErrorOf(() => new ErrorHandler(untyped(proxy))).issues).toStrictEqual([
      { path: '', message: "could not be read (TypeError: Cannot perform 'IsArray' on a proxy that has been revoked)" },
    ]);
    const trap = new Proxy(['kraken'], {
      get: (target, key) => {
        if (key === '0') throw 'no access';
        return Reflect.get(target, key);
      },
    });
    expect(configErrorOf(() => new ErrorHandler(untyped({ exchangeNames: trap }))).issues).toStrictEqual([
      { path: 'exchangeNames[0]', message: 'could not be read (no access)' },
    ]);
  });

  it('rejects what is not a map at all', () => {
    expect(configErrorOf(() => new ErrorHandler(untyped(null))).message).toBe(
      'Invalid Breakwater config in new ErrorHandler(config):\n  expected a map, got null',
    );
    expect(configErrorOf(() => new ErrorHandler(untyped([{ maxRetries: 1 }]))).issues).toStrictEqual([
      { path: '', message: 'expected a map, got a list' },
    ]);
  });

  it('still reads undefined keys as not given, inherited getters and RegExp and function criteria', () => {
    class Settings {
      get maxRetries(): number {
        return 6;
      }
    }
    expect(new ErrorHandler(new Settings() as ErrorHandlerConfig).config.maxRetries).toBe(6);
    const rule = { name: 'nonce', match: { message: /nonce/i, test: () => true }, category: 'exchange' } as const;
    const handler = new ErrorHandler({
      maxRetries: undefined,
      baseDelayMs: 5,
      maxDelayMs: 10,
      classificationRules: [rule],
    });
    expect(handler.config.maxRetries).toBe(3);
    expect(handler.config.classificationRules).toStrictEqual([rule]);
    expect(handler.classify(new Error('bad nonce'), 'op', 'kraken').category).toBe('exchange');
  });
});
