import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { handleErrors } from '../wrappers/handleErrors.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { HandlerEvent } from './HandlerEvent.ts';
import type { RecoveryAction } from './RecoveryAction.ts';

const T0 = 1_700_000_000_000;

/** Counts reads of the time: every event stamps `at` with one. */
class CountingClock extends ManualClock {
  reads = 0;
  override now(): number {
    this.reads++;
    return super.now();
  }
}

/** Every value reachable from `value`, depth first. */
function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) yield* walk(v);
}

class OnMaintenance extends Error {
  override name = 'OnMaintenance';
}

describe('ErrorHandler events', () => {
  it('are plain, serialisable data: no Error, no function, equal after structuredClone and JSON', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler(
      { jitter: false, baseDelayMs: 100, circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 } },
      { clock, random: seededRandom(1) },
    );
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    handler.addRecoveryAction({
      name: 'explodes',
      priority: 10,
      conditions: [(ctx) => ctx.component === 'binance'],
      action: () => {
        throw Object.assign(new Error('exploded with token=abc'), { detail: () => 1 });
      },
    });
    let n = 0;
    const fetchTicker = handleErrors({
      operation: 'fetchTicker',
      component: 'kraken',
      handler,
      fallback: null,
      degrade: async () => 'paper',
    })(async () => {
      n++;
      if (n === 1) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      if (n === 3) throw new OnMaintenance('kraken: maintenance');
      return { last: n };
    });
    const first = fetchTicker();
    await clock.runAll();
    await first;
    await fetchTicker();
    handler.setMode('live');
    await handler.handle(
      handler.classify(new Error('bad'), 'op', 'binance', { apiKey: 'k', when: new Date(T0), err: new Error('inner') }),
    );
    await handler.handle(handler.classify(new Error('bad'), 'op', 'binance'));
    handler.configure({
      jitter: false,
      baseDelayMs: 100,
      circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 },
    });

    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        'error.recorded',
        'error.settled',
        'recovery.attempted',
        'recovery.succeeded',
        'recovery.failed',
        'recovery.skipped',
        'call.retry-scheduled',
        'mode.changed',
        'config.changed',
        'breaker.state',
        'breaker.call',
        'breaker.rejected',
      ]),
    );
    for (const event of events) {
      expect(structuredClone(event)).toEqual(event);
      expect(JSON.parse(JSON.stringify(event))).toEqual(event);
      for (const value of walk(event)) {
        expect(value instanceof Error).toBe(false);
        expect(typeof value).not.toBe('function');
      }
    }
    expect(JSON.stringify(events)).not.toMatch(/token=abc|"k"/);
  });

  it('carries ids that tie an error to its recovery and retry', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler({ jitter: false, baseDelayMs: 100 }, { clock, random: seededRandom(1) });
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    let n = 0;
    const call = handleErrors({ operation: 'fetchTicker', component: 'kraken', handler })(async () => {
      if (n++ === 0) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      return 'ok';
    });
    const result = call();
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    const recorded = events.find((e) => e.type === 'error.recorded')!;
    const id = recorded.type === 'error.recorded' ? recorded.context.id : '';
    // History holds the record settled; the event carried it as recorded, before its outcome was known.
    const { outcome, ...unsettled } = handler.history()[0]!;
    expect(outcome).toEqual({ type: 'retried', delayMs: 100, action: 'network_retry' });
    expect(events.filter((e) => e.type !== 'breaker.call')).toEqual([
      { type: 'error.recorded', context: unsettled, at: T0 },
      { type: 'recovery.attempted', errorId: id, action: 'network_retry', at: T0 },
      { type: 'recovery.succeeded', errorId: id, action: 'network_retry', outcome: 'retry', at: T0 },
      { type: 'error.settled', errorId: id, outcome, at: T0 },
      {
        type: 'call.retry-scheduled',
        errorId: id,
        operation: 'fetchTicker',
        component: 'kraken',
        attempt: 0,
        delayMs: 100,
        at: T0,
      },
    ]);
  });

  it('handle() builds no event objects while nobody listens', async () => {
    const clock = new CountingClock(T0);
    // Breakers on a clock of their own, so only the handler's reads are counted.
    const registry = new BreakerRegistry({ clock: new ManualClock(T0) });
    const actions: RecoveryAction[] = [
      { name: 'fails', priority: 3, conditions: [], action: () => false },
      {
        name: 'throws',
        priority: 2,
        conditions: [],
        action: () => {
          throw new Error('x');
        },
      },
      { name: 'works', priority: 1, conditions: [], action: () => ({ type: 'retry', delayMs: 5 }) },
    ];
    const withActions = new ErrorHandler({}, { clock, registry, recoveryActions: actions });
    const without = new ErrorHandler({}, { clock, registry, recoveryActions: [] });
    const readsOf = async (handler: ErrorHandler) => {
      const ctx = handler.classify(new Error('boom'), 'op', 'kraken');
      const before = clock.reads;
      await handler.handle(ctx);
      handler.notifyRetry(ctx, 0, 5);
      handler.setMode('paper');
      handler.setMode('live');
      return clock.reads - before;
    };
    // Three actions run (one fails, one throws, one recovers), yet no more time is read than with none.
    const idle = await readsOf(without);
    expect(await readsOf(withActions)).toBe(idle);

    const events: HandlerEvent[] = [];
    const stop = withActions.subscribe((e) => events.push(e));
    // One `at` per event built (error.recorded is stamped with the context's timestamp, breaker.call by the
    // breakers' clock).
    // Mode switches are built either way (issue #11: the handler keeps them for late viewers and the store), so they
    // are in `idle` already.
    expect(await readsOf(withActions)).toBe(idle + 8);
    expect(events.map((e) => e.type)).toEqual([
      'error.recorded',
      'recovery.attempted',
      'recovery.failed',
      'recovery.attempted',
      'recovery.failed',
      'recovery.attempted',
      'recovery.succeeded',
      'breaker.call',
      'error.settled',
      'call.retry-scheduled',
      'mode.changed',
      'mode.changed',
    ]);
    stop();
    expect(await readsOf(withActions)).toBe(idle);
  });

  it('a throwing action’s message is read only for a listener', async () => {
    let reads = 0;
    const thrown = new Error('x');
    Object.defineProperty(thrown, 'message', {
      get: () => (reads++, 'secret-free message'),
    });
    const handler = new ErrorHandler(
      {},
      {
        clock: new ManualClock(T0),
        recoveryActions: [
          {
            name: 'throws',
            priority: 1,
            conditions: [],
            action: () => {
              throw thrown;
            },
          },
        ],
      },
    );
    await handler.handle(handler.classify(new Error('boom'), 'op', 'kraken'));
    expect(reads).toBe(0);
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    await handler.handle(handler.classify(new Error('boom'), 'op', 'kraken'));
    expect(reads).toBe(1);
    expect(events.filter((e) => e.type === 'recovery.failed')).toEqual([
      {
        type: 'recovery.failed',
        errorId: expect.any(String),
        action: 'throws',
        reason: 'threw',
        message: 'secret-free message',
        at: T0,
      },
    ]);
  });

  it('forwards breaker events only while subscribed, and unsubscribe stops everything', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler({ circuitBreaker: { failureThreshold: 1 } }, { clock, recoveryActions: [] });
    const breaker = handler.getCircuitBreaker('kraken');
    const events: HandlerEvent[] = [];
    const stop = handler.subscribe((e) => events.push(e));
    const stop2 = handler.subscribe(() => undefined);
    breaker.recordFailure();
    expect(events.map((e) => e.type)).toEqual(['breaker.call', 'breaker.state']);
    stop();
    stop(); // twice is harmless
    breaker.reset();
    handler.setMode('paper');
    expect(events.length).toBe(2);
    stop2();
  });

  it('setMode: emits once per change with its reason, refuses unknown modes', () => {
    const handler = new ErrorHandler({}, { clock: new ManualClock(T0) });
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    handler.setMode('paper', 'kraken maintenance');
    handler.setMode('paper', 'again');
    handler.setMode('live');
    expect(events).toEqual([
      { type: 'mode.changed', from: 'live', to: 'paper', reason: 'kraken maintenance', at: T0 },
      { type: 'mode.changed', from: 'paper', to: 'live', reason: 'manual', at: T0 },
    ]);
    expect(() => handler.setMode('sim' as never)).toThrow(
      new RangeError('ErrorHandler.setMode: mode must be "live" or "paper", got sim'),
    );
  });

  it('a throwing listener does not break handling', async () => {
    const handler = new ErrorHandler(
      {},
      {
        clock: new ManualClock(T0),
        recoveryActions: [{ name: 'ok', priority: 1, conditions: [], action: () => true }],
      },
    );
    handler.subscribe(() => {
      throw new Error('listener bug');
    });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      await expect(handler.handle(handler.classify(new Error('x'), 'op', 'c'))).resolves.toMatchObject({
        recovered: true,
        action: 'ok',
      });
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors.length).toBeGreaterThan(0);
  });
});
