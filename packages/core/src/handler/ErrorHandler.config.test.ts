import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ConfigError } from '../errors/ConfigError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { defaultConfig } from './defaultConfig.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { HandlerEvent } from './HandlerEvent.ts';

const T0 = 1_700_000_000_000;

describe('ErrorHandler config', () => {
  it('defaults are the seed file’s, in milliseconds', () => {
    const handler = new ErrorHandler();
    expect(handler.config).toEqual(defaultConfig);
    expect(handler.config).toMatchObject({
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
      historySize: 1000,
      maxTrackedKeys: 1000,
    });
    expect(handler.mode).toBe('live');
  });

  it('refuses bad values with a ConfigError naming the key path (was a RangeError before whole-config checks)', () => {
    const invalid = (line: string) => new ConfigError([], 'new ErrorHandler(config)').message + `\n  ${line}`;
    expect(() => new ErrorHandler({ maxRetries: -1 })).toThrow(
      invalid('maxRetries: expected a non-negative integer, got -1'),
    );
    expect(() => new ErrorHandler({ circuitBreaker: { failureThreshold: 0 } })).toThrow(
      invalid('circuitBreaker.failureThreshold: expected a positive integer, got 0'),
    );
    expect(() => new ErrorHandler({ recoveryActions: { data_fallback: { priority: Infinity } } })).toThrow(
      invalid('recoveryActions.data_fallback.priority: expected a finite number, got Infinity'),
    );
    expect(() => new ErrorHandler({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(
      invalid('maxDelayMs: expected at least baseDelayMs (10), got 5'),
    );
    expect(() => new ErrorHandler({ historySize: -1 })).toThrow(
      invalid('historySize: expected a non-negative integer, got -1'),
    );
    expect(() => new ErrorHandler({ maxDelayMs: 500 })).toThrow(ConfigError);
  });

  it('historySize 0 keeps no history, as the YAML file may say; the counters still count', async () => {
    const handler = new ErrorHandler({ historySize: 0 }, { recoveryActions: [] });
    await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    expect(handler.history()).toEqual([]);
    expect(handler.stats().totalErrors).toBe(1);
    handler.configure({ historySize: 2 });
    await handler.handle(handler.classify(new Error('y'), 'op', 'kraken'));
    expect(handler.history().map((r) => r.message)).toEqual(['y']);
    handler.configure({ historySize: 0 });
    expect(handler.history()).toEqual([]);
  });

  it('maxRetryAfterMs follows maxDelayMs unless given, is validated, and reaches the backoff', () => {
    expect(new ErrorHandler().config.maxRetryAfterMs).toBe(60_000);
    expect(new ErrorHandler({ baseDelayMs: 10, maxDelayMs: 5000 }).config.maxRetryAfterMs).toBe(5000);
    expect(new ErrorHandler({ maxRetryAfterMs: 0 }).config.maxRetryAfterMs).toBe(0);
    const handler = new ErrorHandler({ maxRetryAfterMs: 600_000 });
    expect(handler.config.maxRetryAfterMs).toBe(600_000);
    handler.configure({ maxDelayMs: 30_000 });
    expect([handler.config.maxDelayMs, handler.config.maxRetryAfterMs]).toEqual([30_000, 600_000]);
    handler.configure({ maxRetryAfterMs: 90_000 });
    expect(handler.config.maxRetryAfterMs).toBe(90_000);
    for (const [value, shown] of [
      [-1, '-1'],
      [Number.NaN, 'NaN'],
      [Infinity, 'Infinity'],
      ['60', '"60"'],
    ] as const) {
      expect(() => new ErrorHandler({ maxRetryAfterMs: value as number })).toThrow(
        'Invalid Breakwater config in new ErrorHandler(config):\n' +
          `  maxRetryAfterMs: expected a non-negative number of milliseconds, got ${shown}`,
      );
    }
  });

  it('network_retry.maxRetries follows maxRetries unless given', () => {
    expect(new ErrorHandler({ maxRetries: 5 }).config.recoveryActions.network_retry.maxRetries).toBe(5);
    expect(
      new ErrorHandler({ maxRetries: 5, recoveryActions: { network_retry: { maxRetries: 1 } } }).config.recoveryActions
        .network_retry.maxRetries,
    ).toBe(1);
  });

  it('resolved settings are fresh maps over the defaults, in their key order; the defaults never change', () => {
    const before = structuredClone(defaultConfig);
    const a = new ErrorHandler({ maxRetries: 7, recoveryActions: { data_fallback: { maxEntries: 5 } } }).config;
    const b = new ErrorHandler({}).config;
    expect(defaultConfig).toStrictEqual(before);
    expect(Object.keys(a)).toEqual(Object.keys(defaultConfig));
    expect(Object.keys(a.recoveryActions)).toEqual(Object.keys(defaultConfig.recoveryActions));
    expect(a.recoveryActions.network_retry.maxRetries).toBe(7);
    expect(a.recoveryActions.data_fallback).toStrictEqual({
      enabled: true,
      priority: 3,
      cacheTtlMs: 3_600_000,
      maxEntries: 5,
    });
    expect(b.circuitBreaker).not.toBe(defaultConfig.circuitBreaker);
    expect(b.recoveryActions.network_retry).not.toBe(defaultConfig.recoveryActions.network_retry);
    expect(b.recoveryActions.network_retry.maxRetries).toBe(3);
  });

  it('the backoff follows the config: retryDelay(attempt) = min(base * factor^attempt, max)', () => {
    const handler = new ErrorHandler({ jitter: false, baseDelayMs: 100, exponentialBase: 3, maxDelayMs: 1000 });
    expect([0, 1, 2, 3].map((a) => handler.retryDelay(a))).toEqual([100, 300, 900, 1000]);
    // A wait the error asks for wins when longer.
    expect(handler.retryDelay(0, { retryAfterMs: 2500 })).toBe(2500);
  });

  it('jitter uses the injected random: the seed’s [0.5, 1.0) factor', () => {
    const handler = new ErrorHandler({ baseDelayMs: 1000 }, { random: () => 0.5 });
    expect(handler.retryDelay(1)).toBe(1500);
  });

  it('configure() applies everything now and emits config.changed', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler(
      { jitter: false, historySize: 3 },
      { clock, random: seededRandom(1), recoveryActions: [] },
    );
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    for (const m of ['a', 'b', 'c']) await handler.handle(handler.classify(new Error(m), 'op', 'kraken'));
    events.length = 0;
    handler.configure({ jitter: false, maxRetries: 7, baseDelayMs: 10, historySize: 2, maxTrackedKeys: 5 });
    expect(events).toEqual([{ type: 'config.changed', at: T0 }]);
    expect(handler.config).toMatchObject({ maxRetries: 7, baseDelayMs: 10, historySize: 2, maxTrackedKeys: 5 });
    expect(handler.history().map((r) => r.message)).toEqual(['b', 'c']);
    expect(handler.retryDelay(1)).toBe(20);
    expect(handler.classify(new Error('x'), 'op', 'c').maxRetries).toBe(7);
  });

  it('configure() applies what it is given over the settings in force: what it leaves out keeps its value', () => {
    const handler = new ErrorHandler({
      jitter: false,
      baseDelayMs: 10,
      maxRetries: 1,
      recoveryActions: { rate_limit_wait: { waitTimeMs: 5_000, priority: 7 } },
    });
    handler.configure({ maxRetries: 2, recoveryActions: { rate_limit_wait: { waitTimeMs: 9_000 } } });
    expect(handler.config).toMatchObject({ jitter: false, baseDelayMs: 10, maxRetries: 2 });
    expect(handler.config.recoveryActions.rate_limit_wait).toEqual({ enabled: true, priority: 7, waitTimeMs: 9_000 });
  });

  it('breaker settings change freely until a breaker exists; then configure() throws naming them', () => {
    const handler = new ErrorHandler({ circuitBreaker: { failureThreshold: 2 } });
    handler.configure({ circuitBreaker: { failureThreshold: 3 } });
    expect(handler.getCircuitBreaker('kraken').failureThreshold).toBe(3);
    handler.getCircuitBreaker('binance');
    expect(() => handler.configure({ circuitBreaker: { failureThreshold: 4, recoveryTimeoutMs: 5 } })).toThrow(
      new Error(
        'ErrorHandler.configure: circuit breaker settings (failureThreshold, recoveryTimeoutMs) cannot change ' +
          'while breakers exist (kraken, binance); reset the handler first',
      ),
    );
    // Nothing was applied.
    expect(handler.config.circuitBreaker.failureThreshold).toBe(3);
    // The same breaker settings are fine.
    handler.configure({ circuitBreaker: { failureThreshold: 3 }, maxRetries: 9 });
    expect(handler.config.maxRetries).toBe(9);
  });

  it('a failed configure() changes nothing (bad value)', () => {
    const handler = new ErrorHandler({ maxRetries: 2 });
    expect(() => handler.configure({ maxRetries: 1.5 })).toThrow(ConfigError);
    expect(handler.config.maxRetries).toBe(2);
  });

  it('an explicit registry gets the configured breaker settings for the breakers the handler creates', async () => {
    const registry = new BreakerRegistry();
    const handler = new ErrorHandler({ circuitBreaker: { failureThreshold: 2 } }, { registry, recoveryActions: [] });
    await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    expect(handler.breakers.get('kraken').failureThreshold).toBe(2);
    expect(handler.getCircuitBreaker('binance', { recoveryTimeoutMs: 5 })).toMatchObject({
      failureThreshold: 2,
      recoveryTimeoutMs: 5,
    });
    // The registry's own defaults are left alone, by the constructor and by configure().
    handler.configure({ circuitBreaker: { failureThreshold: 2 }, maxRetries: 1 });
    expect(registry.get('someone-else').failureThreshold).toBe(5);
  });
});
