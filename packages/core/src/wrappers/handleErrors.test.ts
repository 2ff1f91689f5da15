// Includes TC39 standard decorators (lowered by esbuild in tests; see test/vitest.shared.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorContext } from '../classify/ErrorContext.ts';
import { ErrorHandler, type ErrorHandlerOptions } from '../handler/ErrorHandler.ts';
import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';
import { getGlobalErrorHandler, resetGlobalErrorHandler } from '../handler/globalErrorHandler.ts';
import type { HandlerEvent } from '../handler/HandlerEvent.ts';
import { describeOutcome } from '../storage/ErrorOutcome.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { handleErrors } from './handleErrors.ts';

const T0 = 1_700_000_000_000;

function setup(config: ErrorHandlerConfig = {}, options: ErrorHandlerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ jitter: false, ...config }, { clock, random: seededRandom(7), ...options });
  const events: HandlerEvent[] = [];
  handler.subscribe((e) => events.push(e));
  /** Offsets from T0 at which something happened. */
  const at = () => clock.now() - T0;
  return { clock, handler, events, at };
}

/** Events as short tuples, `at` as the offset from T0. */
function compact(e: HandlerEvent): unknown[] {
  const t = e.at - T0;
  switch (e.type) {
    case 'error.recorded':
      return [t, e.type, e.context.retryCount];
    case 'error.settled':
      return [t, e.type, describeOutcome(e.outcome)];
    case 'recovery.attempted':
      return [t, e.type, e.action];
    case 'recovery.succeeded':
      return [t, e.type, e.action, e.outcome];
    case 'recovery.failed':
      return [t, e.type, e.action, e.reason];
    case 'recovery.skipped':
      return [t, e.type, e.component];
    case 'call.retry-scheduled':
      return [t, e.type, e.attempt, e.delayMs];
    case 'mode.released':
      return [t, e.type, e.mode];
    case 'mode.changed':
      return [t, e.type, e.from, e.to];
    case 'config.changed':
      return [t, e.type];
    case 'breaker.state':
      return [t, e.type, e.from, e.to, e.reason];
    case 'breaker.call':
      return [t, e.type, e.outcome];
    case 'breaker.rejected':
      return [t, e.type, e.state];
    case 'breaker.predicate-error':
      return [t, e.type, e.message];
    case 'store.dropped':
    case 'store.failed':
    case 'store.restored':
      return [e.type];
  }
}

const econnreset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const syntaxError = (): SyntaxError => {
  try {
    JSON.parse('<html>502 Bad Gateway</html>');
  } catch (e) {
    return e as SyntaxError;
  }
  throw new Error('unreachable');
};
class OnMaintenance extends Error {
  override name = 'OnMaintenance';
}

/** A function that throws the given values in turn, then returns `value`; records when it ran. */
function script<T>(clock: ManualClock, failures: unknown[], value: T) {
  const calls: number[] = [];
  const fn = async (...args: unknown[]): Promise<T> => {
    calls.push(clock.now() - T0);
    void args;
    const next = failures.shift();
    if (next !== undefined) throw next;
    return value;
  };
  return { fn, calls };
}

afterEach(() => {
  resetGlobalErrorHandler();
});

describe('handleErrors: network_retry end to end', () => {
  it('retries ECONNRESET with the exact configured backoff (1 s, 2 s, 4 s) and returns the result', async () => {
    const { clock, handler, events } = setup();
    const { fn, calls } = script(clock, [econnreset(), econnreset(), econnreset()], { last: 42_000 });
    const fetchTicker = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn);
    const result = fetchTicker('BTC/USD');
    await clock.runAll();
    await expect(result).resolves.toEqual({ last: 42_000 });
    expect(calls).toEqual([0, 1000, 3000, 7000]);
    const attempt = (t: number, n: number, delay: number) => [
      [t, 'error.recorded', n],
      [t, 'recovery.attempted', 'network_retry'],
      [t, 'recovery.succeeded', 'network_retry', 'retry'],
      [t, 'breaker.call', 'ignored'],
      [t, 'error.settled', `network_retry → retried in ${delay / 1000} s`],
      [t, 'call.retry-scheduled', n, delay],
    ];
    expect(events.map(compact)).toEqual([
      ...attempt(0, 0, 1000),
      ...attempt(1000, 1, 2000),
      ...attempt(3000, 2, 4000),
      [7000, 'breaker.call', 'success'],
    ]);
    // Issue #11: one call that network_retry got through is one recovery (it counted each scheduled retry: 3).
    expect(handler.stats()).toMatchObject({
      totalErrors: 3,
      recoveryStats: { network_retry: { success: 1, failure: 0 } },
      circuitBreakerStates: { kraken: 'CLOSED' },
    });
    expect(handler.history().map((r) => r.outcome)).toEqual(
      [1000, 2000, 4000].map((delayMs) => ({ type: 'retried', delayMs, action: 'network_retry' })),
    );
  });

  it('re-throws the original error (same object) once retries are spent, counting one breaker failure', async () => {
    const { clock, handler, events } = setup({ baseDelayMs: 100 });
    const errors = [econnreset(), econnreset(), econnreset()];
    const { fn, calls } = script(clock, [...errors], 'never');
    const result = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, maxRetries: 2 })(fn)();
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBe(errors[2]);
    expect(calls).toEqual([0, 100, 300]);
    // The last attempt: network_retry has no retry left, nothing else applies: one breaker failure, no retry.
    expect(events.map(compact).slice(-4)).toEqual([
      [100, 'call.retry-scheduled', 1, 200],
      [300, 'error.recorded', 2],
      [300, 'breaker.call', 'failure'],
      [300, 'error.settled', 'gave up'],
    ]);
    // Issue #11: two retries by network_retry and still the error: one failure of the action, no success.
    expect(handler.stats().recoveryStats).toEqual({ network_retry: { success: 0, failure: 1 } });
    expect(handler.history().map((r) => r.outcome)).toEqual([
      { type: 'retried', delayMs: 100, action: 'network_retry' },
      { type: 'retried', delayMs: 200, action: 'network_retry' },
      { type: 'gave-up' },
    ]);
    expect(
      events.filter((e) => e.type === 'error.recorded').map((e) => e.type === 'error.recorded' && e.context.maxRetries),
    ).toEqual([2, 2, 2]);
    expect(handler.breakers.get('kraken').stats()).toMatchObject({ failedRequests: 1, failureCount: 1 });
  });

  it('does not retry a non-retryable error: one call, the same error back', async () => {
    const { clock, handler } = setup();
    const error = new Error('order rejected');
    const { fn, calls } = script(clock, [error], 'placed');
    await expect(handleErrors({ operation: 'placeOrder', component: 'kraken', handler })(fn)()).rejects.toBe(error);
    expect(calls).toEqual([0]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('network_retry.maxRetries bounds the action; the wrapper backoff still retries what remains', async () => {
    const { clock, handler, events } = setup({
      baseDelayMs: 100,
      recoveryActions: { network_retry: { maxRetries: 1 } },
    });
    const { fn, calls } = script(clock, [econnreset(), econnreset()], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 100, 300]);
    expect(
      events
        .map(compact)
        .filter((e) => e[1] === 'recovery.succeeded' || e[1] === 'call.retry-scheduled' || e[1] === 'breaker.call'),
    ).toEqual([
      [0, 'recovery.succeeded', 'network_retry', 'retry'],
      [0, 'breaker.call', 'ignored'],
      [0, 'call.retry-scheduled', 0, 100],
      [100, 'breaker.call', 'failure'],
      [100, 'call.retry-scheduled', 1, 200],
      [300, 'breaker.call', 'success'],
    ]);
  });
});

describe('handleErrors: rate_limit_wait end to end', () => {
  it('waits out retryAfterMs exactly, then retries', async () => {
    const { clock, handler, events } = setup();
    const limited = Object.assign(new Error('Too Many Requests'), { status: 429, retryAfterMs: 2500 });
    const { fn, calls } = script(clock, [limited], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)();
    await clock.advance(2499);
    expect(calls).toEqual([0]);
    await clock.advance(1);
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 2500]);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'recovery.attempted', 'rate_limit_wait'],
      [0, 'recovery.succeeded', 'rate_limit_wait', 'retry'],
      [0, 'breaker.call', 'ignored'],
      [0, 'error.settled', 'rate_limit_wait → retried in 2.5 s'],
      [0, 'call.retry-scheduled', 0, 2500],
      [2500, 'breaker.call', 'success'],
    ]);
    expect(handler.stats().recoveryStats).toEqual({ rate_limit_wait: { success: 1, failure: 0 } });
  });

  it('waits out a Retry-After header (seconds)', async () => {
    const { clock, handler } = setup();
    const limited = Object.assign(new Error('429'), { response: { status: 429, headers: { 'retry-after': '7' } } });
    const { fn, calls } = script(clock, [limited, limited], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 7000, 14_000]);
  });

  it('without Retry-After waits wait_time', async () => {
    const { clock, handler } = setup({ recoveryActions: { rate_limit_wait: { waitTimeMs: 30_000 } } });
    const { fn, calls } = script(
      clock,
      [Object.assign(new Error('EAPI:Rate limit exceeded'), { name: 'RateLimitExceeded' })],
      'ok',
    );
    const result = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 30_000]);
  });

  it('with rate_limit_wait disabled, the plain retry still honours a Retry-After longer than the backoff', async () => {
    const { clock, handler } = setup({ recoveryActions: { rate_limit_wait: { enabled: false } } });
    const limited = Object.assign(new Error('429'), { status: 429, headers: { 'Retry-After': '7' } });
    const { fn, calls } = script(clock, [limited], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 7000]);
  });
});

describe('handleErrors: maxRetryAfterMs', () => {
  const A_YEAR = '31536000';

  it('a 429 asking for a year gives up at once with the error itself: no rate_limit_wait, no wait', async () => {
    const { clock, handler, events } = setup();
    const limited = Object.assign(new Error('429'), { status: 429, headers: { 'Retry-After': A_YEAR } });
    const { fn, calls } = script(clock, [limited], 'ok');
    await expect(handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)()).rejects.toBe(limited);
    expect(calls).toEqual([0]);
    expect(clock.pendingSleeps).toBe(0);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'breaker.call', 'failure'],
      [0, 'error.settled', 'gave up'],
    ]);
  });

  it('returns the fallback at once instead', async () => {
    const { clock, handler } = setup();
    const limited = Object.assign(new Error('429'), { status: 429, retryAfterMs: 1e308 });
    const { fn, calls } = script(clock, [limited], 'ok');
    await expect(
      handleErrors({ operation: 'fetchTicker', component: 'binance', handler, fallback: 'stale' })(fn)(),
    ).resolves.toBe('stale');
    expect(calls).toEqual([0]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('a network error asking for 1e308 ms: no network_retry, and the plain backoff does not wait it', async () => {
    const { clock, handler, events } = setup();
    const error = Object.assign(econnreset(), { retryAfterMs: 1e308 });
    const { fn, calls } = script(clock, [error], 'ok');
    await expect(handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn)()).rejects.toBe(error);
    expect(calls).toEqual([0]);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'breaker.call', 'failure'],
      [0, 'error.settled', 'gave up'],
    ]);
  });

  it('with rate_limit_wait disabled, the plain retry gives up the same way', async () => {
    const { clock, handler } = setup({ recoveryActions: { rate_limit_wait: { enabled: false } } });
    const limited = Object.assign(new Error('429'), { status: 429, headers: { 'retry-after': A_YEAR } });
    const { fn, calls } = script(clock, [limited], 'ok');
    await expect(handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)()).rejects.toBe(limited);
    expect(calls).toEqual([0]);
  });

  it('a custom action proposing a retry does not make the call wait out a too-long ask either', async () => {
    const { clock, handler, events } = setup();
    handler.addRecoveryAction({
      name: 'wait_it_out',
      priority: 10,
      conditions: [(ctx) => ctx.status === 429],
      action: (ctx) => ({ type: 'retry', delayMs: ctx.retryAfterMs ?? 0 }),
    });
    const limited = Object.assign(new Error('429'), { status: 429, retryAfterMs: 1e308 });
    const { fn, calls } = script(clock, [limited], 'ok');
    await expect(handleErrors({ operation: 'fetchTicker', component: 'binance', handler })(fn)()).rejects.toBe(limited);
    expect(calls).toEqual([0]);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'recovery.attempted', 'wait_it_out'],
      [0, 'recovery.succeeded', 'wait_it_out', 'retry'],
      [0, 'breaker.call', 'ignored'],
      [0, 'error.settled', 'gave up'],
    ]);
    // Issue #11: a retry proposed and not taken rescued nothing (it counted as a success).
    expect(handler.stats().recoveryStats).toEqual({});
  });

  it('the ceiling is maxDelayMs unless set: a wait equal to it is waited; maxRetryAfterMs raises it', async () => {
    const asking = (seconds: string) =>
      Object.assign(new Error('429'), { status: 429, headers: { 'retry-after': seconds } });
    const atCeiling = setup({ maxDelayMs: 30_000 });
    const first = script(atCeiling.clock, [asking('30')], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'binance', handler: atCeiling.handler })(
      first.fn,
    )();
    await atCeiling.clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(first.calls).toEqual([0, 30_000]);

    const raised = setup({ maxRetryAfterMs: 120_000 });
    const second = script(raised.clock, [asking('90'), asking('121')], 'ok');
    const failed = handleErrors({ operation: 'fetchTicker', component: 'binance', handler: raised.handler })(
      second.fn,
    )();
    failed.catch(() => undefined);
    await raised.clock.runAll();
    await expect(failed).rejects.toMatchObject({ headers: { 'retry-after': '121' } });
    expect(second.calls).toEqual([0, 90_000]);
    expect(raised.events.map(compact).filter((e) => e[1] === 'call.retry-scheduled')).toEqual([
      [0, 'call.retry-scheduled', 0, 90_000],
    ]);
  });
});

describe('handleErrors: thrown values that cannot be read', () => {
  const hostile: [string, () => unknown][] = [
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    [
      'a Proxy whose every read throws',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('no reads');
            },
          },
        ),
    ],
    [
      'an Error whose name getter throws',
      () =>
        Object.defineProperty(new Error('x'), 'name', {
          get() {
            throw new Error('no name');
          },
        }),
    ],
  ];

  it.each(hostile)('%s: classified as unreadable (not retryable) and re-thrown as is', async (_, make) => {
    const { clock, handler } = setup();
    const thrown = make();
    const { fn, calls } = script(clock, [thrown], 'ok');
    let reason: unknown;
    // Not awaited: resolving a promise with a Proxy reads its `then`.
    handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn)().catch((e: unknown) => {
      reason = e;
    });
    await clock.runAll();
    expect(reason === thrown).toBe(true);
    expect(calls).toEqual([0]);
    expect(handler.history().map((r) => [r.name, r.retryable])).toEqual([['unknown', false]]);
  });

  it.each(hostile)(
    '%s: made retryable by a rule, retried with the backoff; the last one is re-thrown as is',
    async (_, make) => {
      const { clock, handler } = setup({
        baseDelayMs: 100,
        classificationRules: [
          { name: 'retry-anything', match: { test: () => true }, category: 'system', retryable: true },
        ],
      });
      const thrown = [make(), make(), make()];
      const { fn, calls } = script(clock, [...thrown], 'never');
      let reason: unknown;
      handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, maxRetries: 2 })(fn)().catch(
        (e: unknown) => {
          reason = e;
        },
      );
      await clock.runAll();
      expect(reason === thrown[2]).toBe(true);
      expect(calls).toEqual([0, 100, 300]);
    },
  );
});

describe('handleErrors: data_fallback end to end', () => {
  it('serves the last good result of the same operation after a JSON SyntaxError', async () => {
    const { clock, handler, events } = setup();
    const { fn, calls } = script(clock, [undefined, syntaxError()], { bid: 1, ask: 2 });
    const fetchTicker = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, cache: true })(fn);
    await expect(fetchTicker()).resolves.toEqual({ bid: 1, ask: 2 });
    await clock.advance(5000);
    events.length = 0;
    await expect(fetchTicker()).resolves.toEqual({ bid: 1, ask: 2 });
    expect(calls).toEqual([0, 5000]);
    expect(events.map(compact)).toEqual([
      [5000, 'error.recorded', 0],
      [5000, 'recovery.attempted', 'data_fallback'],
      [5000, 'recovery.succeeded', 'data_fallback', 'fallback'],
      [5000, 'breaker.call', 'ignored'],
      [5000, 'error.settled', 'data_fallback → served last good result, 5 s old'],
    ]);
    expect(handler.history().at(-1)!.outcome).toEqual({ type: 'fallback', action: 'data_fallback', ageMs: 5000 });
    expect(handler.stats().recoveryStats).toEqual({ data_fallback: { success: 1, failure: 0 } });
  });

  it('never for calls that did not opt in (writes): an old confirmation is no answer to a new order', async () => {
    const { clock, handler } = setup({ maxRetries: 0 });
    const placeOrder = handleErrors({ operation: 'createOrder', component: 'kraken', handler });
    await expect(placeOrder(async () => ({ id: 'O1' }))()).resolves.toEqual({ id: 'O1' });
    const { fn } = script(clock, [syntaxError()], { id: 'O2' });
    await expect(placeOrder(fn)()).rejects.toThrow(SyntaxError);
  });

  it('keys results by operation and arguments: the BTC ticker never answers for ETH', async () => {
    const { handler } = setup({ maxRetries: 0 });
    const prices: Record<string, number> = { 'BTC/USD': 42_000 };
    const fetchTicker = handleErrors<[string], number>({
      operation: 'fetchTicker',
      component: 'kraken',
      handler,
      cache: true,
    })(async (symbol: string) => {
      if (!(symbol in prices)) throw syntaxError();
      return prices[symbol]!;
    });
    await expect(fetchTicker('BTC/USD')).resolves.toBe(42_000);
    delete prices['BTC/USD'];
    await expect(fetchTicker('BTC/USD')).resolves.toBe(42_000);
    await expect(fetchTicker('ETH/USD')).rejects.toThrow(SyntaxError);
    const keyed = handleErrors<[string], number>({
      operation: 'fetchTicker2',
      component: 'kraken',
      handler,
      cache: (s) => s.split('/')[0]!,
    })(async (symbol: string) => {
      if (symbol === 'BTC/EUR') throw syntaxError();
      return 1;
    });
    await keyed('BTC/USD');
    await expect(keyed('BTC/EUR')).resolves.toBe(1); // same key by the given function
  });

  it('only for the same operation', async () => {
    const { clock, handler } = setup({ baseDelayMs: 100 });
    await handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, cache: true })(async () => 'ticker')();
    const { fn, calls } = script(clock, [syntaxError()], 'book');
    const result = handleErrors({ operation: 'fetchOrderBook', component: 'kraken', handler, cache: true })(fn)();
    await clock.runAll();
    // Nothing cached for this operation: the (retryable) DATA error is retried instead.
    await expect(result).resolves.toBe('book');
    expect(calls).toEqual([0, 100]);
  });

  it('not once cache_ttl has passed: then the error is retried with backoff', async () => {
    const { clock, handler, events } = setup({ recoveryActions: { data_fallback: { cacheTtlMs: 60_000 } } });
    const fetchTicker = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, cache: true });
    await fetchTicker(async () => 'old')();
    await clock.advance(60_001);
    events.length = 0;
    const { fn, calls } = script(clock, [syntaxError()], 'fresh');
    const result = fetchTicker(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('fresh');
    expect(calls).toEqual([60_001, 61_001]);
    expect(events.map(compact)).toEqual([
      [60_001, 'error.recorded', 0],
      [60_001, 'recovery.attempted', 'data_fallback'],
      [60_001, 'recovery.failed', 'data_fallback', 'failed'],
      [60_001, 'breaker.call', 'failure'],
      [60_001, 'error.settled', 'retried in 1 s'],
      [60_001, 'call.retry-scheduled', 0, 1000],
      [61_001, 'breaker.call', 'success'],
    ]);
    // The backoff's retry is no action's: only data_fallback's failure is counted.
    expect(handler.stats().recoveryStats).toEqual({ data_fallback: { success: 0, failure: 1 } });
  });

  it('a fresh success replaces the cached result; a degraded or fallback result is never cached', async () => {
    const { handler } = setup();
    const op = (fn: () => Promise<string>) =>
      handleErrors({
        operation: 'fetchTicker',
        component: 'kraken',
        handler,
        cache: true,
        fallback: 'fb',
        degrade: async () => 'paper',
      })(fn)();
    await op(async () => 'first');
    await op(async () => 'second');
    // A final failure of a cached read: the last good result beats the static fallback.
    await expect(op(async () => Promise.reject(new Error('gone')))).resolves.toBe('second');
    handler.setMode('paper');
    await expect(op(async () => 'live')).resolves.toBe('paper');
    handler.setMode('live');
    await expect(op(async () => Promise.reject(syntaxError()))).resolves.toBe('second');
  });

  it('is off when data_fallback is disabled: nothing is cached', async () => {
    const { clock, handler } = setup({ recoveryActions: { data_fallback: { enabled: false } } });
    await handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(async () => 'ticker')();
    const { fn } = script(clock, [syntaxError()], 'fresh');
    const result = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler, maxRetries: 0 })(fn)();
    await expect(result).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe('handleErrors: exchange_fallback end to end', () => {
  it('OnMaintenance: paper mode and degrade; later calls go straight to degrade; setMode("live") returns', async () => {
    const { clock, handler, events } = setup();
    const live: string[] = [];
    const paper: string[] = [];
    const placeOrder = handleErrors<[string, number], string>({
      operation: 'placeOrder',
      component: 'kraken',
      handler,
      degrade: async (side, amount) => (paper.push(`${side} ${amount}`), `paper ${side} ${amount}`),
    })(async (side: string, amount: number) => {
      live.push(`${side} ${amount}`);
      if (live.length === 1) throw new OnMaintenance('kraken: system is under maintenance');
      return `live ${side} ${amount}`;
    });

    await expect(placeOrder('buy', 1)).resolves.toBe('paper buy 1');
    expect(handler.mode).toBe('paper');
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'recovery.attempted', 'exchange_fallback'],
      [0, 'mode.changed', 'live', 'paper'],
      [0, 'recovery.succeeded', 'exchange_fallback', 'degrade'],
      [0, 'breaker.call', 'ignored'],
      [0, 'error.settled', 'exchange_fallback → served by paper trading'],
    ]);
    expect(handler.stats().recoveryStats).toEqual({ exchange_fallback: { success: 1, failure: 0 } });
    expect(events.find((e) => e.type === 'mode.changed')).toEqual({
      type: 'mode.changed',
      from: 'live',
      to: 'paper',
      reason: 'OnMaintenance in kraken: kraken: system is under maintenance',
      at: T0,
    });

    events.length = 0;
    await expect(placeOrder('sell', 2)).resolves.toBe('paper sell 2');
    await expect(placeOrder('buy', 3)).resolves.toBe('paper buy 3');
    expect(events).toEqual([]);

    handler.setMode('live', 'maintenance over');
    await expect(placeOrder('buy', 4)).resolves.toBe('live buy 4');
    expect(live).toEqual(['buy 1', 'buy 4']);
    expect(paper).toEqual(['buy 1', 'sell 2', 'buy 3']);
    expect(events.map(compact)).toEqual([
      [0, 'mode.changed', 'paper', 'live'],
      [0, 'breaker.call', 'success'],
    ]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('a retry pending when another call switches to paper goes to degrade, not live', async () => {
    const { clock, handler } = setup();
    const live: string[] = [];
    const make = (failure: () => unknown) =>
      handleErrors({ operation: 'placeOrder', component: 'kraken', handler, degrade: async () => 'paper' })(
        async () => {
          live.push('call');
          if (live.length <= 2) throw failure();
          return 'live';
        },
      );
    const first = make(econnreset)(); // fails, waits 1 s to retry
    await clock.advance(0);
    await expect(make(() => new OnMaintenance('maintenance'))()).resolves.toBe('paper');
    await clock.runAll();
    await expect(first).resolves.toBe('paper');
    expect(live).toEqual(['call', 'call']);
  });

  it('without degrade the call is not degraded: it is retried (retryable) and then fails', async () => {
    const { clock, handler } = setup({ baseDelayMs: 10 });
    const error = new OnMaintenance('maintenance');
    const { fn, calls } = script(clock, [error, error, error, error], 'never');
    const result = handleErrors({ operation: 'fetchBalance', component: 'kraken', handler })(fn)();
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBe(error);
    expect(calls).toEqual([0, 10, 30, 70]);
    expect(handler.mode).toBe('paper');
  });

  it('paperTradingEnabled: false leaves the mode alone', async () => {
    const { handler } = setup({ recoveryActions: { exchange_fallback: { paperTradingEnabled: false } } });
    const error = new OnMaintenance('maintenance');
    await expect(
      handleErrors({
        operation: 'placeOrder',
        component: 'kraken',
        handler,
        maxRetries: 0,
        degrade: async () => 'paper',
      })(async () => Promise.reject(error))(),
    ).rejects.toBe(error);
    expect(handler.mode).toBe('live');
  });
});

describe('handleErrors: the component breaker', () => {
  it('opens after failureThreshold unrecovered errors, skips recovery while OPEN, half-opens, closes', async () => {
    const { clock, handler, events } = setup({ circuitBreaker: { failureThreshold: 3, recoveryTimeoutMs: 10_000 } });
    const tried: string[] = [];
    handler.addRecoveryAction({
      name: 'probe',
      priority: 0,
      conditions: [],
      action: (ctx) => (tried.push(ctx.message), false),
    });
    let healthy = false;
    const placeOrder = handleErrors({ operation: 'placeOrder', component: 'kraken', handler })(async (n: number) => {
      if (!healthy) throw new Error(`order ${n} rejected`);
      return `order ${n}`;
    });
    for (let n = 1; n <= 3; n++) await expect(placeOrder(n)).rejects.toThrow(`order ${n} rejected`);
    expect(handler.stats().circuitBreakerStates).toEqual({ kraken: 'OPEN' });
    events.length = 0;
    await expect(placeOrder(4)).rejects.toThrow('order 4 rejected');
    expect(tried).toEqual(['order 1 rejected', 'order 2 rejected', 'order 3 rejected']);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'breaker.rejected', 'OPEN'],
      [0, 'recovery.skipped', 'kraken'],
      [0, 'error.settled', 'gave up (breaker open)'],
    ]);

    await clock.advance(9_999);
    expect(handler.breakers.get('kraken').state).toBe('OPEN');
    await clock.advance(1);
    events.length = 0;
    healthy = true;
    await expect(placeOrder(5)).resolves.toBe('order 5');
    expect(events.map(compact)).toEqual([
      [10_000, 'breaker.state', 'OPEN', 'HALF_OPEN', 'recovery-timeout'],
      [10_000, 'breaker.call', 'success'],
      [10_000, 'breaker.state', 'HALF_OPEN', 'CLOSED', 'half-open-success'],
    ]);
    expect(handler.stats().circuitBreakerStates).toEqual({ kraken: 'CLOSED' });
    // Closed again: recovery runs again.
    healthy = false;
    await expect(placeOrder(6)).rejects.toThrow('order 6 rejected');
    expect(tried.at(-1)).toBe('order 6 rejected');
  });

  it('while OPEN, recovery is skipped but a retryable error is still retried with the plain backoff', async () => {
    const { clock, handler, events } = setup({
      baseDelayMs: 100,
      circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 60_000 },
    });
    handler.getCircuitBreaker('kraken').recordFailure();
    events.length = 0;
    const { fn, calls } = script(clock, [econnreset()], 'ok');
    const result = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 100]);
    expect(events.map(compact)).toEqual([
      [0, 'error.recorded', 0],
      [0, 'breaker.rejected', 'OPEN'],
      [0, 'recovery.skipped', 'kraken'],
      [0, 'error.settled', 'retried in 100 ms'],
      [0, 'call.retry-scheduled', 0, 100],
      // A success while OPEN and before the timeout is counted but moves nothing.
      [100, 'breaker.call', 'success'],
    ]);
    expect(handler.breakers.get('kraken').state).toBe('OPEN');
  });

  it('an error after the timeout is the trial: unrecovered, it reopens the breaker', async () => {
    const { clock, handler, events } = setup({ circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 } });
    const placeOrder = handleErrors({ operation: 'placeOrder', component: 'kraken', handler })(async () => {
      throw new Error('rejected');
    });
    await expect(placeOrder()).rejects.toThrow('rejected');
    await clock.advance(1000);
    events.length = 0;
    await expect(placeOrder()).rejects.toThrow('rejected');
    expect(events.map(compact)).toEqual([
      [1000, 'error.recorded', 0],
      [1000, 'breaker.state', 'OPEN', 'HALF_OPEN', 'recovery-timeout'],
      [1000, 'breaker.call', 'failure'],
      [1000, 'breaker.state', 'HALF_OPEN', 'OPEN', 'half-open-failure'],
      [1000, 'error.settled', 'gave up'],
    ]);
  });
});

describe('handleErrors: outcomes and fallback', () => {
  it('returns the fallback value when nothing recovers: null, 0, "" and false count', async () => {
    const { handler } = setup();
    for (const fallback of [null, 0, '', false]) {
      const call = handleErrors({ operation: 'op', component: 'c', handler, fallback })(async () => {
        throw new Error('rejected');
      });
      await expect(call()).resolves.toBe(fallback);
    }
  });

  it('fallback: undefined means no fallback: the error is re-thrown', async () => {
    const { handler } = setup();
    const error = new Error('rejected');
    await expect(
      handleErrors({ operation: 'op', component: 'c', handler, fallback: undefined })(async () =>
        Promise.reject(error),
      )(),
    ).rejects.toBe(error);
  });

  it('a fallback function is called with the final context, and may be async', async () => {
    const { clock, handler } = setup({ baseDelayMs: 10 });
    const seen: ErrorContext[] = [];
    const errors = [econnreset(), econnreset()];
    const { fn } = script(clock, [...errors], 'never');
    const result = handleErrors({
      operation: 'fetchTicker',
      component: 'kraken',
      handler,
      maxRetries: 1,
      fallback: async (ctx: ErrorContext) => (seen.push(ctx), `fallback after ${ctx.retryCount + 1} attempts`),
    })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('fallback after 2 attempts');
    expect(
      seen.map((c) => [c.operation, c.component, c.category, c.retryCount, c.maxRetries, c.error === errors[1]]),
    ).toEqual([['fetchTicker', 'kraken', 'network', 1, 1, true]]);
  });

  it('an action’s fallback value wins over the option', async () => {
    const { handler } = setup(
      {},
      {
        recoveryActions: [
          { name: 'cached', priority: 1, conditions: [], action: () => ({ type: 'fallback', value: 'from action' }) },
        ],
      },
    );
    const call = handleErrors({ operation: 'op', component: 'c', handler, fallback: 'from option' })(async () =>
      Promise.reject(new Error('x')),
    );
    await expect(call()).resolves.toBe('from action');
  });

  it('"recovered" (or true) means the cause was fixed: retry at once while retries remain', async () => {
    const { clock, handler, events } = setup(
      {},
      { recoveryActions: [{ name: 'fix', priority: 1, conditions: [], action: () => true }] },
    );
    const error = new Error('stale session');
    const { fn, calls } = script(clock, [error, error, error], 'ok');
    const result = handleErrors({ operation: 'op', component: 'c', handler, maxRetries: 2 })(fn)();
    await clock.runAll();
    await expect(result).rejects.toBe(error);
    expect(calls).toEqual([0, 0, 0]);
    expect(events.filter((e) => e.type === 'call.retry-scheduled').map(compact)).toEqual([
      [0, 'call.retry-scheduled', 0, 0],
      [0, 'call.retry-scheduled', 1, 0],
    ]);
  });

  it('a "retry" outcome with no retries left ends the call', async () => {
    const { clock, handler } = setup(
      {},
      {
        recoveryActions: [
          { name: 'again', priority: 1, conditions: [], action: () => ({ type: 'retry', delayMs: 50 }) },
        ],
      },
    );
    const error = new Error('x');
    const { fn, calls } = script(clock, [error, error], 'ok');
    const result = handleErrors({ operation: 'op', component: 'c', handler, maxRetries: 1, fallback: 'gave up' })(fn)();
    await clock.runAll();
    await expect(result).resolves.toBe('gave up');
    expect(calls).toEqual([0, 50]);
  });

  it('a "degrade" outcome calls degrade with the same this and arguments', async () => {
    const { handler } = setup(
      {},
      {
        recoveryActions: [
          { name: 'd', priority: 1, conditions: [], action: () => ({ type: 'degrade', mode: 'paper' }) },
        ],
      },
    );
    const bot = {
      id: 'bot-1',
      order: handleErrors({
        operation: 'placeOrder',
        component: 'kraken',
        handler,
        degrade(this: { id: string }, side: string) {
          return `${this.id} paper ${side}`;
        },
      })(async function (this: { id: string }, side: string) {
        throw new Error(`${this.id} live ${side} failed`);
      }),
    };
    await expect(bot.order('buy')).resolves.toBe('bot-1 paper buy');
    expect(handler.mode).toBe('live');
  });
});

describe('handleErrors: functions, methods and this', () => {
  it('wraps a sync function: the result is a promise, and a sync throw is handled the same', async () => {
    const { handler } = setup();
    let n = 0;
    const parse = handleErrors({ operation: 'parse', component: 'feed', handler, fallback: -1 })((text: string) => {
      n++;
      return (
        Number.parseInt(text, 10) ||
        (() => {
          throw new Error('not a number');
        })()
      );
    });
    const ok = parse('42');
    expect(ok).toBeInstanceOf(Promise);
    await expect(ok).resolves.toBe(42);
    await expect(parse('x')).resolves.toBe(-1);
    expect(n).toBe(2);
  });

  it('keeps this and the arguments, and the function name', async () => {
    const { handler } = setup();
    const exchange = {
      id: 'kraken',
      fetchTicker: handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(async function fetchTicker(
        this: { id: string },
        symbol: string,
        depth: number,
      ) {
        return `${this.id}:${symbol}:${depth}`;
      }),
    };
    await expect(exchange.fetchTicker('BTC/USD', 5)).resolves.toBe('kraken:BTC/USD:5');
    expect(exchange.fetchTicker.name).toBe('fetchTicker');
  });

  it('as a TC39 method decorator on an async method', async () => {
    const { clock, handler } = setup({ baseDelayMs: 100 });
    class Exchange {
      calls = 0;
      constructor(readonly id: string) {}
      @handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })
      async fetchTicker(symbol: string): Promise<string> {
        if (this.calls++ === 0) throw econnreset();
        return `${this.id}:${symbol}@${clock.now() - T0}`;
      }
    }
    const exchange = new Exchange('kraken');
    const result = exchange.fetchTicker('ETH/USD');
    await clock.runAll();
    await expect(result).resolves.toBe('kraken:ETH/USD@100');
    expect(Exchange.prototype.fetchTicker.name).toBe('fetchTicker');
  });

  it('as a TC39 decorator on a sync method: the method becomes async (so the types refuse it)', async () => {
    const { handler } = setup();
    class Calc {
      factor = 3;
      // @ts-expect-error the decorated method returns a promise, so a sync signature would lie
      @handleErrors({ operation: 'times', component: 'calc', handler, fallback: 0 })
      times(x: number): number {
        if (x < 0) throw new RangeError('negative');
        return x * this.factor;
      }
    }
    const calc = new Calc();
    const result: unknown = calc.times(2);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(6);
    await expect(calc.times(-1) as unknown as Promise<number>).resolves.toBe(0);
  });

  it('uses the global handler at call time when given none', async () => {
    const call = handleErrors({ operation: 'op', component: 'c', fallback: 'fb' })(async () =>
      Promise.reject(new Error('x')),
    );
    const first = getGlobalErrorHandler();
    await call();
    expect(first.stats().totalErrors).toBe(1);
    resetGlobalErrorHandler();
    const second = getGlobalErrorHandler();
    await call();
    expect([first.stats().totalErrors, second.stats().totalErrors]).toEqual([1, 1]);
  });

  it('checks its options at the boundary', () => {
    expect(() => handleErrors({ operation: '', component: 'c' })).toThrow(
      new TypeError('handleErrors: options.operation and options.component must be non-empty strings'),
    );
    expect(() => handleErrors({ operation: 'op', component: undefined as never })).toThrow(
      new TypeError('handleErrors: options.operation and options.component must be non-empty strings'),
    );
    expect(() => handleErrors({ operation: 'op', component: 'c', maxRetries: -1 })).toThrow(
      new RangeError('handleErrors("op"): maxRetries must be a non-negative integer, got -1'),
    );
    expect(() => handleErrors({ operation: 'op', component: 'c', degrade: 'paper' as never })).toThrow(
      new TypeError('handleErrors("op"): degrade must be a function, got string'),
    );
  });
});

describe('handleErrors: abort', () => {
  it('an abort during the wait rejects with signal.reason at once; nothing more is tried or recorded', async () => {
    const { clock, handler } = setup();
    const controller = new AbortController();
    const { fn, calls } = script(clock, [econnreset(), econnreset()], 'ok');
    const result = handleErrors({ operation: 'op', component: 'c', handler, signal: controller.signal })(fn)();
    result.catch(() => undefined);
    await clock.advance(500);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(10_000);
    expect(calls).toEqual([0]);
    expect(handler.stats().totalErrors).toBe(1);
  });

  it('an abort during a failing attempt rejects with signal.reason without recording', async () => {
    const { clock, handler, events } = setup();
    const controller = new AbortController();
    const result = handleErrors({ operation: 'op', component: 'c', handler, signal: controller.signal })(async () => {
      await clock.sleep(100);
      throw new Error('socket hang up');
    })();
    result.catch(() => undefined);
    controller.abort('stop');
    await clock.advance(100);
    await expect(result).rejects.toBe('stop');
    expect(handler.stats().totalErrors).toBe(0);
    expect(events).toEqual([]);
  });

  it('an abort while recovery runs: no retry is scheduled', async () => {
    const controller = new AbortController();
    const { clock, handler, events } = setup(
      {},
      {
        recoveryActions: [
          {
            name: 'abort-then-retry',
            priority: 1,
            conditions: [],
            action: () => (controller.abort('late'), { type: 'retry', delayMs: 10 }),
          },
        ],
      },
    );
    const { fn, calls } = script(clock, [new Error('x')], 'ok');
    const result = handleErrors({ operation: 'op', component: 'c', handler, signal: controller.signal })(fn)();
    await expect(result).rejects.toBe('late');
    expect(calls).toEqual([0]);
    expect(events.some((e) => e.type === 'call.retry-scheduled')).toBe(false);
  });

  it('an already aborted signal: the function is never called', async () => {
    const { clock, handler } = setup();
    const { fn, calls } = script(clock, [], 'ok');
    await expect(
      handleErrors({ operation: 'op', component: 'c', handler, signal: AbortSignal.abort('no') })(fn)(),
    ).rejects.toBe('no');
    expect(calls).toEqual([]);
  });
});
