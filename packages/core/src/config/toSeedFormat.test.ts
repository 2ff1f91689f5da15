import { describe, expect, it } from 'vitest';
import { parseConfig, toSeedFormat } from './index.ts';
import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';

const config: ErrorHandlerConfig = {
  maxRetries: 3,
  baseDelayMs: 100,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
  exponentialBase: 2,
  jitter: 'decorrelated',
  circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000, halfOpenMaxCalls: 1, successThreshold: 2 },
  recoveryActions: {
    network_retry: { enabled: true, priority: 1, maxRetries: 3 },
    rate_limit_wait: { enabled: true, priority: 2, waitTimeMs: 60_000 },
    data_fallback: { enabled: true, priority: 3, cacheTtlMs: 3_600_000, maxEntries: 100 },
    exchange_fallback: { enabled: false, priority: 4, paperTradingEnabled: true },
  },
  historySize: 1000,
  maxTrackedKeys: 1000,
  exchangeNames: ['kraken'],
  classificationRules: [
    { name: 'ban', match: { statuses: [418], message: 'banned' }, category: 'api', retryable: false },
  ],
};

describe('toSeedFormat', () => {
  it("writes the file's spelling and units", () => {
    expect(toSeedFormat(config)).toStrictEqual({
      max_retries: 3,
      base_delay: 0.1,
      max_delay: 60,
      max_retry_after: 300,
      exponential_base: 2,
      jitter: 'decorrelated',
      circuit_breaker: { failure_threshold: 5, recovery_timeout: 60, half_open_max_calls: 1, success_threshold: 2 },
      recovery_actions: {
        network_retry: { enabled: true, priority: 1, max_retries: 3 },
        rate_limit_wait: { enabled: true, priority: 2, wait_time: 60 },
        data_fallback: { enabled: true, priority: 3, cache_ttl: 3600, max_entries: 100 },
        exchange_fallback: { enabled: false, priority: 4, paper_trading_enabled: true },
      },
      history_size: 1000,
      max_tracked_keys: 1000,
      exchange_names: ['kraken'],
      classification_rules: [
        { name: 'ban', match: { statuses: [418], message: 'banned' }, category: 'api', retryable: false },
      ],
    });
  });

  it('is the inverse of parseConfig', () => {
    expect(parseConfig(toSeedFormat(config))).toStrictEqual({ config, warnings: [] });
    expect(toSeedFormat({})).toStrictEqual({});
    expect(toSeedFormat({ circuitBreaker: {} })).toStrictEqual({ circuit_breaker: {} });
  });

  it('writes what the file cannot express as text, and leaves code out', () => {
    const rules = toSeedFormat({
      classificationRules: [
        { name: 'regex', match: { message: /time(d)? out/i }, category: 'network' },
        { name: 'code', match: { test: () => true, codes: ['E1'] }, category: 'data' },
      ],
    }).classification_rules;
    expect(rules).toStrictEqual([
      { name: 'regex', match: { message: '/time(d)? out/i' }, category: 'network' },
      { name: 'code', match: { codes: ['E1'] }, category: 'data' },
    ]);
  });
});
