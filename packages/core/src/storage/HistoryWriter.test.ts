import { describe, expect, it } from 'vitest';
import { historyEvent, record, snapshot, T0 } from '../../../../test/contract/historyStoreContract.ts';
import type { ErrorRecord } from './ErrorRecord.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { HistoryStore } from './HistoryStore.ts';
import { HistoryWriter } from './HistoryWriter.ts';
import { memoryStore } from './memoryStore.ts';

/** A memory store whose appends can be held, failed, and watched. */
function watchedStore() {
  const inner = memoryStore({ clock: new ManualClock(T0) });
  const appends: string[][] = [];
  let hold: Promise<void> | undefined;
  let failNext = 0;
  let flushes = 0;
  const store: HistoryStore = {
    ...inner,
    driver: 'watched',
    async append(records: readonly ErrorRecord[]) {
      appends.push(records.map((r) => r.id));
      if (hold) await hold;
      if (failNext > 0) {
        failNext--;
        throw new Error('disk full');
      }
      return inner.append(records);
    },
    async flush() {
      flushes++;
    },
  };
  let release = () => {};
  return {
    store,
    inner,
    appends,
    flushes: () => flushes,
    holdAppends() {
      hold = new Promise<void>((r) => (release = r));
    },
    release() {
      hold = undefined;
      release();
    },
    failNextAppends(n: number) {
      failNext = n;
    },
  };
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('HistoryWriter', () => {
  it('a full batch flushes the whole queue in batches; a lone partial batch waits flushIntervalMs', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const writer = new HistoryWriter(w.store, clock, { batchSize: 100, flushIntervalMs: 500 });
    for (let i = 0; i < 250; i++) writer.enqueue(record(i));
    await clock.advance(0);
    expect(w.appends).toEqual([ids(0, 100), ids(100, 200), ids(200, 250)]);
    for (let i = 250; i < 260; i++) writer.enqueue(record(i));
    await clock.advance(499);
    expect(w.appends).toHaveLength(3);
    await clock.advance(1);
    expect(w.appends[3]).toEqual(ids(250, 260));
    expect(writer.stats()).toEqual({ queued: 0, written: 260, dropped: 0, failedWrites: 0 });
    expect(await w.inner.count()).toBe(260);
  });

  it('never waits on the store, and when the queue is full drops the oldest records not yet handed over', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const drops: Array<[number, number]> = [];
    const writer = new HistoryWriter(
      w.store,
      clock,
      { batchSize: 5, maxQueue: 10 },
      { onDrop: (n, total) => drops.push([n, total]) },
    );
    w.holdAppends();
    for (let i = 0; i < 5; i++) writer.enqueue(record(i)); // a full batch: handed to the (stalled) store
    await clock.advance(0);
    for (let i = 5; i < 20; i++) writer.enqueue(record(i)); // returns at once although the store is stuck
    expect(writer.stats()).toEqual({ queued: 10, written: 0, dropped: 5, failedWrites: 0 });
    expect(drops).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 5],
    ]);
    w.release();
    await writer.flush();
    expect(w.appends).toEqual([ids(0, 5), ids(10, 15), ids(15, 20)]);
    expect(writer.stats()).toEqual({ queued: 0, written: 15, dropped: 5, failedWrites: 0 });
  });

  it('keeps a failed batch queued, in order, and writes it on the next round', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const errors: string[] = [];
    const writer = new HistoryWriter(
      w.store,
      clock,
      { batchSize: 3, flushIntervalMs: 100 },
      { onError: (e) => errors.push((e as Error).message) },
    );
    w.failNextAppends(1);
    for (let i = 0; i < 4; i++) writer.enqueue(record(i));
    await clock.advance(0);
    expect(errors).toEqual(['disk full']);
    expect(writer.stats()).toMatchObject({ queued: 4, written: 0, failedWrites: 1 });
    await clock.advance(100);
    expect(w.appends).toEqual([ids(0, 3), ids(0, 3), ids(3, 4)]);
    expect((await w.inner.query()).records.map((r) => r.id)).toEqual(['r3', 'r2', 'r1', 'r0']);
  });

  it('a flush against a failing store reports once and returns, keeping the records for later', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const writer = new HistoryWriter(w.store, clock, { batchSize: 10 });
    w.failNextAppends(5);
    writer.enqueue(record(1));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ queued: 1, written: 0, failedWrites: 1 });
    expect(w.flushes()).toBe(1);
  });

  it('coalesces breaker snapshots by name: the latest one is saved', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const writer = new HistoryWriter(w.store, clock);
    writer.saveBreaker(snapshot('kraken', 'OPEN', T0));
    writer.saveBreaker(snapshot('binance', 'CLOSED', T0));
    writer.saveBreaker(snapshot('kraken', 'CLOSED', T0 + 9));
    await writer.flush();
    expect(await w.inner.loadBreakers()).toEqual([
      snapshot('binance', 'CLOSED', T0),
      snapshot('kraken', 'CLOSED', T0 + 9),
    ]);
  });

  it('after close, records are ignored', async () => {
    const clock = new ManualClock(T0);
    const w = watchedStore();
    const writer = new HistoryWriter(w.store, clock);
    writer.enqueue(record(1));
    await writer.close();
    writer.enqueue(record(2));
    await clock.runAll();
    expect(w.appends).toEqual([['r1']]);
  });

  it('rejects bad options with the option named', () => {
    expect(() => new HistoryWriter(memoryStore(), new ManualClock(), { batchSize: 0 })).toThrow(
      'HistoryWriter: batchSize must be a positive integer, got 0',
    );
  });
});

describe('HistoryWriter: events (issue #11)', () => {
  it("writes transitions after a round's records; a failed write keeps them, in order, within maxQueue", async () => {
    const clock = new ManualClock(T0);
    const inner = memoryStore({ clock });
    let failNext = 1;
    const store: HistoryStore = {
      ...inner,
      async appendEvents(events) {
        if (failNext-- > 0) throw new Error('disk full');
        return inner.appendEvents(events);
      },
    };
    const errors: unknown[] = [];
    const drops: Array<[number, number]> = [];
    const writer = new HistoryWriter(
      store,
      clock,
      { maxQueue: 2, flushIntervalMs: 100 },
      { onError: (e) => errors.push(e), onDrop: (n, t) => drops.push([n, t]) },
    );
    expect(writer.keepsEvents).toBe(true);
    writer.enqueue(record(1));
    writer.enqueueEvent(historyEvent(1));
    await clock.advance(100);
    expect([inner.records.length, (await inner.queryEvents()).events, errors.length]).toEqual([1, [], 1]);
    writer.enqueueEvent(historyEvent(2));
    writer.enqueueEvent(historyEvent(3)); // 3 waiting, bound 2: the oldest (the failed one) goes
    expect(drops).toEqual([[1, 1]]);
    await writer.flush();
    expect((await inner.queryEvents()).events).toEqual([historyEvent(3), historyEvent(2)]);
    expect(writer.stats()).toEqual({ queued: 0, written: 1, dropped: 1, failedWrites: 1 });
  });

  it('a store without events: enqueueEvent is ignored', async () => {
    const clock = new ManualClock(T0);
    const { appendEvents: _a, queryEvents: _q, ...plain } = memoryStore({ clock });
    const writer = new HistoryWriter(plain as HistoryStore, clock);
    writer.enqueueEvent(historyEvent(1));
    await writer.flush();
    expect([writer.keepsEvents, writer.stats().queued]).toEqual([false, 0]);
  });
});
