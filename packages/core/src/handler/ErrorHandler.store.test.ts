import { describe, expect, it } from 'vitest';
import { memoryStore } from '../storage/memoryStore.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { FailureRate } from '../breaker/FailureRate.ts';
import { SlowCallRate } from '../breaker/SlowCallRate.ts';
import type { BreakerStrategy } from '../breaker/BreakerStrategy.ts';
import { withCircuitBreaker } from '../wrappers/withCircuitBreaker.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { HandlerEvent } from './HandlerEvent.ts';

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function handlerOn(store: ReturnType<typeof memoryStore>, clock: ManualClock, storage = {}) {
  return new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 60_000 } },
    { clock, random: seededRandom(1), store, storage, recoveryActions: [] },
  );
}

describe('ErrorHandler with a store', () => {
  it('writes every recorded error to the store in batches, off the caller path', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const handler = handlerOn(store, clock, { batchSize: 10, flushIntervalMs: 1_000 });
    for (let i = 0; i < 3; i++) await handler.handle(handler.classify(reset(), 'fetch_ticker', `c${i}`));
    expect(store.records).toHaveLength(0); // not yet: waiting for a batch or the interval
    await clock.advance(1_000);
    expect(store.records.map((r) => r.id)).toEqual(handler.history().map((r) => r.id));
    expect(store.records[0]).toEqual(handler.history()[0]);
    expect(handler.stats().storage).toEqual({ queued: 0, written: 3, dropped: 0, failedWrites: 0 });
  });

  it('saves snapshots on transitions; after a restart an OPEN breaker stays OPEN for its remaining time', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const before = handlerOn(store, clock);
    await before.handle(before.classify(reset(), 'fetch_ticker', 'kraken'));
    await before.handle(before.classify(reset(), 'fetch_ticker', 'kraken'));
    expect(before.getCircuitBreaker('kraken').state).toBe('OPEN');
    await before.flush();
    expect((await store.loadBreakers()).map((s) => [s.name, s.state, s.openedAt])).toEqual([['kraken', 'OPEN', T0]]);

    // The process restarts 20 s later.
    const later = new ManualClock(T0 + 20_000);
    const after = handlerOn(store, later);
    const events: HandlerEvent[] = [];
    after.subscribe((e) => events.push(e));
    expect(await after.restore()).toEqual({ records: 2, breakers: ['kraken'], pending: [] });
    const kraken = after.getCircuitBreaker('kraken');
    expect(kraken.state).toBe('OPEN');
    expect(kraken.retryAfterMs).toBe(40_000);
    expect(after.history().map((r) => r.id)).toEqual(before.history().map((r) => r.id));
    expect(events).toEqual([
      { type: 'store.restored', records: 2, breakers: ['kraken'], pending: [], at: T0 + 20_000 },
    ]);

    const skipped = await after.handle(after.classify(reset(), 'fetch_ticker', 'kraken'));
    expect(skipped).toEqual({ recovered: false, skipped: 'breaker-open' }); // still OPEN: no recovery
    later.set(T0 + 60_000);
    after.recordSuccess('kraken');
    expect(kraken.state).toBe('CLOSED');
  });

  it('restore brings back at most historySize records, the newest, oldest first', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const first = handlerOn(store, clock);
    for (let i = 0; i < 8; i++) await first.handle(first.classify(new Error(`e${i}`), 'op', 'c'));
    await first.flush();
    const second = new ErrorHandler({ historySize: 5 }, { clock, store });
    await second.restore();
    expect(second.history().map((r) => r.message)).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('counts and reports records dropped when the store cannot keep up', async () => {
    const clock = new ManualClock(T0);
    const inner = memoryStore({ clock });
    let release!: () => void;
    const stalled = { ...inner, append: () => new Promise<void>((r) => (release = r)) };
    const handler = new ErrorHandler(
      {},
      { clock, store: stalled, storage: { batchSize: 1, maxQueue: 2 }, recoveryActions: [] },
    );
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => e.type === 'store.dropped' && events.push(e));
    for (let i = 0; i < 5; i++) await handler.handle(handler.classify(new Error(`e${i}`), 'op', 'c'));
    expect(handler.stats().storage).toEqual({ queued: 2, written: 0, dropped: 2, failedWrites: 0 });
    expect(events).toEqual([
      { type: 'store.dropped', count: 1, total: 1, at: T0 },
      { type: 'store.dropped', count: 1, total: 2, at: T0 },
    ]);
    release();
  });

  it('close() flushes and closes the store', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const handler = handlerOn(store, clock);
    await handler.handle(handler.classify(reset(), 'op', 'c'));
    await handler.close();
    expect(store.records).toHaveLength(1);
    await expect(store.count()).rejects.toThrow('memory: store is closed');
  });

  it('without a store, restore/flush/close are no-ops and stats().storage is null', async () => {
    const handler = new ErrorHandler();
    expect(await handler.restore()).toEqual({ records: 0, breakers: [], pending: [] });
    await handler.flush();
    await handler.close();
    expect(handler.stats().storage).toBeNull();
  });
});

describe('ErrorHandler.restore: breakers with their own settings', () => {
  const strategies = () => [
    new FailureRate({ failureRateThreshold: 50, minimumCalls: 2, window: { type: 'time', durationMs: 60_000 } }),
    new SlowCallRate({ slowCallDurationMs: 5_000, minimumCalls: 10 }),
  ];
  /** The same wrapper the application builds at start-up, on the handler's registry. */
  const krakenPolicy = (handler: ErrorHandler) =>
    withCircuitBreaker('kraken', {
      registry: handler.breakers,
      failureThreshold: 2,
      recoveryTimeoutMs: 30_000,
      strategies: strategies(),
    });
  const down = async () => {
    throw new Error('exchange down');
  };

  it('come back with settings and strategies: the same wrapper works, OPEN for the rest of its timeout', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const before = new ErrorHandler({}, { clock, store, recoveryActions: [] });
    const fetchTicker = krakenPolicy(before)(down);
    for (let i = 0; i < 2; i++) await expect(fetchTicker()).rejects.toThrow('exchange down');
    expect(before.breakers.get('kraken').state).toBe('OPEN');
    await before.flush();
    const savedSettings = before.breakers.get('kraken').snapshot().settings;

    // The process restarts 10 s later, with the handler's default settings (failureThreshold 5, 60 s).
    const later = new ManualClock(T0 + 10_000);
    const after = new ErrorHandler({}, { clock: later, store, recoveryActions: [] });
    expect(await after.restore()).toEqual({ records: 0, breakers: ['kraken'], pending: [] });
    const kraken = after.breakers.get('kraken');
    expect([kraken.state, kraken.retryAfterMs, kraken.failureThreshold, kraken.recoveryTimeoutMs]).toEqual([
      'OPEN',
      20_000,
      2,
      30_000,
    ]);
    expect(kraken.snapshot().settings).toEqual(savedSettings);
    expect(savedSettings.strategies?.map((s) => s.kind)).toEqual(['FailureRate', 'SlowCallRate']);

    const again = krakenPolicy(after)(down);
    await expect(again()).rejects.toMatchObject({ name: 'CircuitOpenError', retryAfterMs: 20_000 });
    expect(after.breakers.get('kraken')).toBe(kraken);
  });

  it('a breaker with a custom strategy waits for the code to register it, then takes the saved state', async () => {
    const custom = (): BreakerStrategy => ({
      failures: 0,
      record: (o) => (o.success ? undefined : 'failure-threshold'),
      reset() {},
    });
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const before = new ErrorHandler({}, { clock, store, recoveryActions: [] });
    const policy = (handler: ErrorHandler) =>
      withCircuitBreaker('kraken', { registry: handler.breakers, recoveryTimeoutMs: 30_000, strategies: [custom()] });
    await expect(policy(before)(down)()).rejects.toThrow('exchange down');
    await before.flush();

    const later = new ManualClock(T0 + 10_000);
    const after = new ErrorHandler({}, { clock: later, store, recoveryActions: [] });
    expect(await after.restore()).toEqual({ records: 0, breakers: [], pending: ['kraken'] });
    expect(after.breakers.has('kraken')).toBe(false);
    await expect(policy(after)(down)()).rejects.toMatchObject({ name: 'CircuitOpenError', retryAfterMs: 20_000 });
    expect(after.breakers.pending).toEqual([]);
  });
});
