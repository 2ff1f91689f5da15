import { describe, expect, it } from 'vitest';
import { mergeConfig } from './mergeConfig.ts';

describe('mergeConfig', () => {
  it('lets given keys win, merges sections key by key, replaces lists, ignores undefined', () => {
    expect(
      mergeConfig(
        {
          maxRetries: 1,
          baseDelayMs: 10,
          circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 5 },
          recoveryActions: { network_retry: { priority: 1, maxRetries: 2 }, data_fallback: { cacheTtlMs: 9 } },
          exchangeNames: ['kraken'],
        },
        {
          maxRetries: 4,
          baseDelayMs: undefined,
          circuitBreaker: { recoveryTimeoutMs: 7 },
          recoveryActions: { network_retry: { maxRetries: 5, enabled: undefined } },
          exchangeNames: ['binance'],
        },
      ),
    ).toEqual({
      maxRetries: 4,
      baseDelayMs: 10,
      circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 7 },
      recoveryActions: { network_retry: { priority: 1, maxRetries: 5 }, data_fallback: { cacheTtlMs: 9 } },
      exchangeNames: ['binance'],
    });
  });

  it('carries maxRetryAfterMs like any top-level key', () => {
    expect(mergeConfig({ maxRetryAfterMs: 5000, maxDelayMs: 100 }, { maxDelayMs: 200 })).toEqual({
      maxRetryAfterMs: 5000,
      maxDelayMs: 200,
    });
    expect(mergeConfig({ maxRetryAfterMs: 5000 }, { maxRetryAfterMs: 0 })).toEqual({ maxRetryAfterMs: 0 });
    expect(mergeConfig({ maxRetryAfterMs: 5000 }, { maxRetryAfterMs: undefined })).toEqual({ maxRetryAfterMs: 5000 });
  });

  it('leaves both inputs unchanged', () => {
    const base = { circuitBreaker: { failureThreshold: 2 } };
    const next = { circuitBreaker: { failureThreshold: 3 } };
    mergeConfig(base, next);
    expect(base).toEqual({ circuitBreaker: { failureThreshold: 2 } });
  });
});
