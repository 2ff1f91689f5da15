import { describe, expect, it } from 'vitest';
import type { ErrorContext } from '../../classify/ErrorContext.ts';
import { RetryHandler } from '../../retry/RetryHandler.ts';
import { ManualClock } from '../../time/ManualClock.ts';
import { createErrorContext } from '../createErrorContext.ts';
import { resolveConfig } from '../defaultConfig.ts';
import type { ErrorHandlerConfig } from '../ErrorHandlerConfig.ts';
import type { RecoveryAction, RecoveryTools } from '../RecoveryAction.ts';
import type { TradingMode } from '../../mode/TradingMode.ts';
import { ResultCache } from '../ResultCache.ts';
import { defaultRecoveryActions } from './defaultRecoveryActions.ts';
import { isRateLimited } from './rateLimitWait.ts';

function setup(config: ErrorHandlerConfig = {}) {
  const resolved = resolveConfig({ jitter: false, ...config });
  const clock = new ManualClock(0);
  const modes: Array<[TradingMode, string]> = [];
  let mode: TradingMode = 'live';
  const tools: RecoveryTools = {
    clock,
    backoff: new RetryHandler({ ...resolved, clock }),
    cache: new ResultCache({ ttlMs: resolved.recoveryActions.data_fallback.cacheTtlMs, maxEntries: 10, clock }),
    get mode() {
      return mode;
    },
    setMode: (to, reason) => {
      modes.push([to, reason]);
      mode = to;
    },
  };
  const actions = defaultRecoveryActions(resolved);
  const byName = (name: string) => actions.find((a) => a.name === name)!;
  /** What the action would do for ctx: undefined when its conditions do not all hold. */
  const run = (action: RecoveryAction, ctx: ErrorContext, cacheKey?: string) => {
    const callTools: RecoveryTools =
      cacheKey === undefined ? tools : Object.create(tools, { cacheKey: { value: cacheKey } });
    return action.conditions.every((c) => c(ctx, callTools)) ? action.action(ctx, callTools) : undefined;
  };
  return { actions, byName, run, tools, modes, clock };
}

const ctx = (init: Partial<ErrorContext>) =>
  createErrorContext({ operation: 'fetchTicker', component: 'kraken', timestamp: 0, ...init });

describe('defaultRecoveryActions', () => {
  it('builds the enabled ones in the seed order, with their configured priorities', () => {
    expect(setup().actions.map((a) => [a.name, a.priority])).toEqual([
      ['network_retry', 1],
      ['rate_limit_wait', 2],
      ['data_fallback', 3],
      ['exchange_fallback', 4],
    ]);
    const { actions } = setup({
      recoveryActions: { rate_limit_wait: { enabled: false }, data_fallback: { priority: 9 } },
    });
    expect(actions.map((a) => [a.name, a.priority])).toEqual([
      ['network_retry', 1],
      ['data_fallback', 9],
      ['exchange_fallback', 4],
    ]);
  });
});

describe('network_retry', () => {
  it('retries retryable network errors with the configured backoff while retries remain', () => {
    const { byName, run } = setup({ baseDelayMs: 100 });
    const action = byName('network_retry');
    expect(
      [0, 1, 2, 3].map((retryCount) => run(action, ctx({ category: 'network', retryCount, maxRetries: 3 }))),
    ).toEqual([
      { type: 'retry', delayMs: 100 },
      { type: 'retry', delayMs: 200 },
      { type: 'retry', delayMs: 400 },
      undefined,
    ]);
  });

  it('waits at least what the error asks for', () => {
    const { byName, run } = setup({ baseDelayMs: 100 });
    expect(run(byName('network_retry'), ctx({ category: 'network', retryAfterMs: 750 }))).toEqual({
      type: 'retry',
      delayMs: 750,
    });
  });

  it('does not apply when the error asks more than maxRetryAfterMs (default maxDelayMs); a bad ask is no ask', () => {
    const { byName, run } = setup({ baseDelayMs: 100, maxDelayMs: 10_000 });
    const action = byName('network_retry');
    expect(run(action, ctx({ category: 'network', retryAfterMs: 10_000 }))).toEqual({ type: 'retry', delayMs: 10_000 });
    expect(run(action, ctx({ category: 'network', retryAfterMs: 10_001 }))).toBeUndefined();
    expect(run(action, ctx({ category: 'network', retryAfterMs: Infinity }))).toBeUndefined();
    expect(run(action, ctx({ category: 'network', retryAfterMs: Number.NaN }))).toEqual({
      type: 'retry',
      delayMs: 100,
    });
    expect(run(action, ctx({ category: 'network', retryAfterMs: -5 }))).toEqual({ type: 'retry', delayMs: 100 });
    const raised = setup({ baseDelayMs: 100, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 });
    expect(raised.run(raised.byName('network_retry'), ctx({ category: 'network', retryAfterMs: 60_000 }))).toEqual({
      type: 'retry',
      delayMs: 60_000,
    });
  });

  it('is bounded by its own maxRetries too, and skips non-network or non-retryable errors', () => {
    const { byName, run } = setup({ recoveryActions: { network_retry: { maxRetries: 1 } } });
    const action = byName('network_retry');
    expect(run(action, ctx({ category: 'network', retryCount: 1, maxRetries: 5 }))).toBeUndefined();
    expect(run(action, ctx({ category: 'network', retryable: false }))).toBeUndefined();
    expect(run(action, ctx({ category: 'api' }))).toBeUndefined();
  });
});

describe('rate_limit_wait', () => {
  it('waits what the exchange asked for (Retry-After), else wait_time', () => {
    const { byName, run } = setup({ recoveryActions: { rate_limit_wait: { waitTimeMs: 30_000 } } });
    const action = byName('rate_limit_wait');
    expect(run(action, ctx({ status: 429, retryAfterMs: 2500 }))).toEqual({ type: 'retry', delayMs: 2500 });
    expect(run(action, ctx({ status: 429 }))).toEqual({ type: 'retry', delayMs: 30_000 });
    expect(run(action, ctx({ status: 429, retryCount: 3, maxRetries: 3 }))).toBeUndefined();
  });

  it('does not apply when the exchange asks more than maxRetryAfterMs: the call gives up instead of sleeping', () => {
    const { byName, run } = setup();
    const action = byName('rate_limit_wait');
    expect(run(action, ctx({ status: 429, retryAfterMs: 60_000 }))).toEqual({ type: 'retry', delayMs: 60_000 });
    expect(run(action, ctx({ status: 429, retryAfterMs: 365 * 24 * 3600_000 }))).toBeUndefined();
    expect(run(action, ctx({ status: 429, retryAfterMs: 1e308 }))).toBeUndefined();
    expect(run(action, ctx({ status: 429, retryAfterMs: Infinity }))).toBeUndefined();
    const raised = setup({ maxRetryAfterMs: 3600_000 });
    expect(raised.run(raised.byName('rate_limit_wait'), ctx({ status: 429, retryAfterMs: 3600_000 }))).toEqual({
      type: 'retry',
      delayMs: 3600_000,
    });
  });

  it('a NaN or negative retryAfterMs (a context made by hand) is no ask: wait_time, never a NaN sleep', () => {
    const { byName, run } = setup({ recoveryActions: { rate_limit_wait: { waitTimeMs: 30_000 } } });
    const action = byName('rate_limit_wait');
    expect(run(action, ctx({ status: 429, retryAfterMs: Number.NaN }))).toEqual({ type: 'retry', delayMs: 30_000 });
    expect(run(action, ctx({ status: 429, retryAfterMs: -1 }))).toEqual({ type: 'retry', delayMs: 30_000 });
  });

  it('knows a rate limit by status 429, exchange class names, or the words', () => {
    const yes = [
      ctx({ status: 429 }),
      ctx({ name: 'RateLimitExceeded' }),
      ctx({ name: 'DDoSProtection' }),
      ctx({ message: 'EAPI:Rate limit exceeded' }),
      ctx({ message: 'Too many requests' }),
    ];
    const no = [
      ctx({ status: 503 }),
      ctx({ name: 'RateLimiter' }),
      ctx({ message: 'limit order rejected' }),
      ctx({ message: 'accurate limits' }),
    ];
    expect(yes.map(isRateLimited)).toEqual([true, true, true, true, true]);
    expect(no.map(isRateLimited)).toEqual([false, false, false, false]);
  });
});

describe('data_fallback', () => {
  it('serves the last good result of the same call after a DATA error', () => {
    const { byName, run, tools } = setup();
    const action = byName('data_fallback');
    expect(run(action, ctx({ category: 'data' }), 'fetchTicker:["BTC"]')).toEqual({ type: 'failed' });
    tools.cache.set('fetchTicker:["BTC"]', { last: 1 });
    expect(run(action, ctx({ category: 'data' }), 'fetchTicker:["BTC"]')).toEqual({
      type: 'fallback',
      value: { last: 1 },
      ageMs: 0,
    });
    expect(run(action, ctx({ category: 'data' }), 'fetchTicker:["ETH"]')).toEqual({ type: 'failed' });
  });

  it('not after cache_ttl', async () => {
    const { byName, run, tools, clock } = setup({ recoveryActions: { data_fallback: { cacheTtlMs: 1000 } } });
    tools.cache.set('k', 'last good');
    await clock.advance(1000);
    expect(run(byName('data_fallback'), ctx({ category: 'data' }), 'k')).toEqual({
      type: 'fallback',
      value: 'last good',
      ageMs: 1000,
    });
    await clock.advance(1);
    expect(run(byName('data_fallback'), ctx({ category: 'data' }), 'k')).toEqual({ type: 'failed' });
  });

  it('for a cached read, also when the failure is final (not retryable, or retries spent)', () => {
    const { byName, run, tools } = setup();
    tools.cache.set('k', 'previous result');
    const action = byName('data_fallback');
    expect(run(action, ctx({ category: 'api', retryable: false }), 'k')).toEqual({
      type: 'fallback',
      value: 'previous result',
      ageMs: 0,
    });
    expect(run(action, ctx({ category: 'network', retryCount: 3, maxRetries: 3 }), 'k')).toEqual({
      type: 'fallback',
      value: 'previous result',
      ageMs: 0,
    });
    // While retries remain, retrying wins over old data.
    expect(run(action, ctx({ category: 'network', retryCount: 1, maxRetries: 3 }), 'k')).toBeUndefined();
  });

  it('never for calls that did not opt in (no cache key): an order that failed must not look placed', () => {
    const { byName, run, tools } = setup();
    tools.cache.set('k', 'previous result');
    expect(run(byName('data_fallback'), ctx({ category: 'data' }))).toBeUndefined();
    expect(run(byName('data_fallback'), ctx({ category: 'api', retryable: false }))).toBeUndefined();
  });
});

describe('exchange_fallback', () => {
  it('switches to paper trading on an exchange failure and asks for the degraded implementation', () => {
    const { byName, run, tools, modes } = setup();
    const action = byName('exchange_fallback');
    const maintenance = ctx({ category: 'exchange', name: 'OnMaintenance', message: 'down for maintenance' });
    expect(run(action, maintenance)).toEqual({ type: 'degrade', mode: 'paper' });
    expect(run(action, maintenance)).toEqual({ type: 'degrade', mode: 'paper' });
    expect(modes).toEqual([['paper', 'OnMaintenance in kraken: down for maintenance']]);
    expect(tools.mode).toBe('paper');
  });

  it('acts on outages only: maintenance, not available, 503, or an exchange error retries did not cure', () => {
    const { byName, run } = setup();
    const action = byName('exchange_fallback');
    const degrade = { type: 'degrade', mode: 'paper' };
    expect(run(action, ctx({ category: 'exchange', name: 'ExchangeNotAvailable' }))).toEqual(degrade);
    expect(run(action, ctx({ category: 'exchange', status: 503 }))).toEqual(degrade);
    expect(
      run(action, ctx({ category: 'exchange', status: 500, retryable: true, retryCount: 3, maxRetries: 3 })),
    ).toEqual(degrade);
    // One 500 while retries remain, or an exchange rejecting one request, is no outage.
    expect(
      run(action, ctx({ category: 'exchange', status: 500, retryable: true, retryCount: 0, maxRetries: 3 })),
    ).toBeUndefined();
    expect(run(action, ctx({ category: 'exchange', name: 'ExchangeError', retryable: false }))).toBeUndefined();
  });

  it('does nothing for other categories or when paper trading is disabled', () => {
    expect(
      setup().run(setup().byName('exchange_fallback'), ctx({ category: 'network', name: 'OnMaintenance' })),
    ).toBeUndefined();
    const disabled = setup({ recoveryActions: { exchange_fallback: { paperTradingEnabled: false } } });
    expect(
      disabled.run(disabled.byName('exchange_fallback'), ctx({ category: 'exchange', name: 'OnMaintenance' })),
    ).toBeUndefined();
    expect(disabled.modes).toEqual([]);
  });
});
