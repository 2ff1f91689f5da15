import { describe, expect, it } from 'vitest';
import { isConfigError, parseConfig, type ConfigError } from './index.ts';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const everyKey = {
  max_retries: 5,
  base_delay: 0.1,
  max_delay: 30,
  max_retry_after: 120,
  exponential_base: 1.5,
  jitter: 'full',
  circuit_breaker: { failure_threshold: 3, recovery_timeout: 0.25, half_open_max_calls: 2, success_threshold: 2 },
  recovery_actions: {
    network_retry: { enabled: false, priority: 10, max_retries: 0 },
    rate_limit_wait: { enabled: true, priority: -1, wait_time: 1.5 },
    data_fallback: { enabled: true, priority: 3, cache_ttl: 0.0005, max_entries: 500 },
    exchange_fallback: { enabled: true, priority: 4, paper_trading_enabled: false },
  },
  history_size: 0,
  max_tracked_keys: 200,
  exchange_names: ['binance', 'Coinbase Pro'],
  classification_rules: [
    {
      name: 'kraken-nonce',
      match: {
        names: ['KrakenError'],
        codes: ['EAPI:Invalid nonce', -1021],
        statuses: [400],
        message: 'invalid nonce',
      },
      category: 'exchange',
      severity: 'critical',
      retryable: true,
    },
    { name: 'teapot', match: { statuses: [418] }, category: 'config' },
  ],
};

describe('parseConfig', () => {
  it('maps every key, seconds to milliseconds', () => {
    expect(parseConfig({ error_handling: everyKey })).toStrictEqual({
      config: {
        maxRetries: 5,
        baseDelayMs: 100,
        maxDelayMs: 30_000,
        maxRetryAfterMs: 120_000,
        exponentialBase: 1.5,
        jitter: 'full',
        circuitBreaker: { failureThreshold: 3, recoveryTimeoutMs: 250, halfOpenMaxCalls: 2, successThreshold: 2 },
        recoveryActions: {
          network_retry: { enabled: false, priority: 10, maxRetries: 0 },
          rate_limit_wait: { enabled: true, priority: -1, waitTimeMs: 1500 },
          data_fallback: { enabled: true, priority: 3, cacheTtlMs: 0.5, maxEntries: 500 },
          exchange_fallback: { enabled: true, priority: 4, paperTradingEnabled: false },
        },
        historySize: 0,
        maxTrackedKeys: 200,
        exchangeNames: ['binance', 'Coinbase Pro'],
        classificationRules: [
          {
            name: 'kraken-nonce',
            match: {
              names: ['KrakenError'],
              codes: ['EAPI:Invalid nonce', '-1021'],
              statuses: [400],
              message: 'invalid nonce',
            },
            category: 'exchange',
            severity: 'critical',
            retryable: true,
          },
          { name: 'teapot', match: { statuses: [418] }, category: 'config' },
        ],
      },
      warnings: [],
    });
  });

  it('reads the section content alone', () => {
    expect(parseConfig(everyKey)).toStrictEqual(parseConfig({ error_handling: everyKey }));
    expect(parseConfig({ max_retries: 1, base_delay: 0.3 })).toStrictEqual({
      config: { maxRetries: 1, baseDelayMs: 300 },
      warnings: [],
    });
  });

  it("uses error_handling and ignores the bot's other sections silently", () => {
    const bot = { exchange: { name: 'kraken' }, strategies: ['grid'], error_handling: { max_retries: 2 } };
    expect(parseConfig(bot)).toStrictEqual({ config: { maxRetries: 2 }, warnings: [] });
  });

  it('reads nothing, an empty section or an empty object as no settings', () => {
    for (const input of [undefined, null, {}, { error_handling: null }, { error_handling: {} }]) {
      expect(parseConfig(input)).toStrictEqual({ config: {}, warnings: [] });
    }
  });

  it('warns about unknown keys, with the source but no position', () => {
    const input = { error_handling: { max_retries: 1, retry_delay: 5, circuit_breaker: { open_for: 3 } } };
    expect(parseConfig(input, { source: 'bot.json' })).toStrictEqual({
      config: { maxRetries: 1, circuitBreaker: {} },
      warnings: [
        { path: 'error_handling.circuit_breaker.open_for', message: 'unknown key, ignored', source: 'bot.json' },
        { path: 'error_handling.retry_delay', message: 'unknown key, ignored', source: 'bot.json' },
      ],
    });
  });

  it("leaves the caller's input untouched", () => {
    const breaker = Object.freeze({ failure_threshold: 2, half_open: 1 });
    const input = Object.freeze({ error_handling: Object.freeze({ circuit_breaker: breaker, log_errors: true }) });
    expect(parseConfig(input).config).toStrictEqual({ circuitBreaker: { failureThreshold: 2 } });
    expect(input).toStrictEqual({
      error_handling: { circuit_breaker: { failure_threshold: 2, half_open: 1 }, log_errors: true },
    });
  });

  it('lists every wrong value, paths relative to what was passed', () => {
    const error = configErrorOf(() =>
      parseConfig({
        max_retries: 2.5,
        base_delay: Number.NaN,
        jitter: 'yes',
        circuit_breaker: { failure_threshold: -1, recovery_timeout: '60' },
        recovery_actions: { rate_limit_wait: { enabled: 'true', priority: null } },
        classification_rules: [{ name: 'x', match: { codes: [], names: [1] }, category: 'network', retryable: 0 }],
        log_errors: true,
      }),
    );
    expect(error.message).toBe(
      [
        'Invalid Breakwater config:',
        '  max_retries: expected a non-negative integer, got 2.5',
        '  base_delay: expected a non-negative number of seconds, got NaN',
        '  jitter: expected true, false, "full" or "decorrelated", got "yes"',
        '  circuit_breaker.failure_threshold: expected a positive integer, got -1',
        '  circuit_breaker.recovery_timeout: expected a non-negative number of seconds, got "60"',
        '  recovery_actions.rate_limit_wait.enabled: expected true or false, got "true"',
        '  recovery_actions.rate_limit_wait.priority: expected a number, got null',
        '  classification_rules[0].match.names[0]: expected a non-empty string, got 1',
        '  classification_rules[0].match.codes: expected a non-empty list of codes, got an empty list',
        '  classification_rules[0].retryable: expected true or false, got 0',
      ].join('\n'),
    );
    expect(error.source).toBeUndefined();
    expect(error.issues[0]).toStrictEqual({ path: 'max_retries', message: 'expected a non-negative integer, got 2.5' });
  });

  it('prefixes error_handling when given the whole file, and names the source', () => {
    const error = configErrorOf(() => parseConfig({ error_handling: { history_size: -3 } }, { source: 'bot.json' }));
    expect(error.message).toBe(
      'Invalid Breakwater config in bot.json:\n  error_handling.history_size: expected a non-negative integer, got -3',
    );
  });

  it('names both delays when max_delay is below base_delay', () => {
    expect(configErrorOf(() => parseConfig({ base_delay: 2, max_delay: 1 })).issues).toStrictEqual([
      { path: 'max_delay', message: 'expected at least base_delay (2), got 1' },
    ]);
    expect(parseConfig({ base_delay: 2, max_delay: 2 }).config).toStrictEqual({ baseDelayMs: 2000, maxDelayMs: 2000 });
  });

  it('max_retry_after is seconds like the delays, and may be below max_delay (0: never wait a Retry-After)', () => {
    expect(parseConfig({ max_delay: 60, max_retry_after: 0 }).config).toStrictEqual({
      maxDelayMs: 60_000,
      maxRetryAfterMs: 0,
    });
    expect(parseConfig({ max_retry_after: 0.25 }).config).toStrictEqual({ maxRetryAfterMs: 250 });
    expect(configErrorOf(() => parseConfig({ max_retry_after: -1 })).issues).toStrictEqual([
      { path: 'max_retry_after', message: 'expected a non-negative number of seconds, got -1' },
    ]);
    expect(configErrorOf(() => parseConfig({ max_retry_after: Infinity })).issues).toStrictEqual([
      { path: 'max_retry_after', message: 'expected a non-negative number of seconds, got Infinity' },
    ]);
  });

  it('rejects input that is not a map', () => {
    expect(configErrorOf(() => parseConfig('max_retries: 3')).message).toBe(
      'Invalid Breakwater config:\n  expected a map, got "max_retries: 3"',
    );
    expect(configErrorOf(() => parseConfig({ error_handling: [1] })).message).toBe(
      'Invalid Breakwater config:\n  error_handling: expected a map, got a list',
    );
  });
});

describe('parseConfig: objects that throw when read', () => {
  const boom = new Error('boom');

  it('names the path of a throwing getter at any depth, keeping the error as cause', () => {
    const breaker = {
      failure_threshold: 2,
      get recovery_timeout(): number {
        throw boom;
      },
    };
    const error = configErrorOf(() =>
      parseConfig({ error_handling: { circuit_breaker: breaker } }, { source: 'code' }),
    );
    expect(error.message).toBe(
      'Invalid Breakwater config in code:\n' +
        '  error_handling.circuit_breaker.recovery_timeout: could not be read (Error: boom)',
    );
    expect(error.cause).toBe(boom);
    const match = {
      get codes(): string[] {
        throw 'nope';
      },
    };
    const rules = [{ name: 'x', match, category: 'api' }];
    expect(configErrorOf(() => parseConfig({ classification_rules: rules })).issues).toStrictEqual([
      { path: 'classification_rules[0].match.codes', message: 'could not be read (nope)' },
    ]);
  });

  it('names Proxies whose traps throw, and revoked ones', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw boom;
        },
        ownKeys: () => ['max_retries'],
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      },
    );
    expect(configErrorOf(() => parseConfig({ error_handling: hostile })).issues).toStrictEqual([
      { path: 'error_handling.max_retries', message: 'could not be read (Error: boom)' },
    ]);
    const noKeys = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new TypeError('no keys');
        },
      },
    );
    expect(configErrorOf(() => parseConfig({ error_handling: { circuit_breaker: noKeys } })).issues).toStrictEqual([
      { path: 'error_handling.circuit_breaker', message: 'could not be read (TypeError: no keys)' },
    ]);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const input of [proxy, { error_handling: proxy }]) {
      const error = configErrorOf(() => parseConfig(input));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]!.message).toBe(
        "could not be read (TypeError: Cannot perform 'IsArray' on a proxy that has been revoked)",
      );
    }
  });

  it('reads each property once, keeps a __proto__ key a key, and copes with cycles and deep nesting', () => {
    let reads = 0;
    const counted = {
      get max_retries(): number {
        reads++;
        return 2;
      },
      log_errors: true,
    };
    expect(parseConfig(counted)).toStrictEqual({
      config: { maxRetries: 2 },
      warnings: [{ path: 'log_errors', message: 'unknown key, ignored' }],
    });
    expect(reads).toBe(1);
    expect(parseConfig(JSON.parse('{"__proto__": {"max_retries": 9}, "max_retries": 1}')).warnings).toStrictEqual([
      { path: '__proto__', message: 'unknown key, ignored' },
    ]);
    const cyclic: Record<string, unknown> = { max_retries: 1 };
    cyclic['self'] = cyclic;
    expect(parseConfig(cyclic).config).toStrictEqual({ maxRetries: 1 });
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { inner: deep };
    expect(parseConfig({ max_retries: 1, extra: deep }).config).toStrictEqual({ maxRetries: 1 });
  });
});
