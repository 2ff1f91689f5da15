import { ManualClock } from '@breakwater/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { record, snapshot, T0 } from '../../../test/contract/historyStoreContract.ts';
import { runContractWithVitest } from '../../../test/contract/runContractWithVitest.ts';
import { indexedDbStore, type IndexedDbStore } from './indexedDbStore.ts';
import type { IndexedDbStoreEvent } from './IndexedDbStoreEvent.ts';

let unique = 0;
const dbName = () => `fallback-${++unique}`;
const ids = (records: ReadonlyArray<{ id: string }>) => records.map((r) => r.id);

/** A factory whose `open` throws, as Safari's does in some sandboxed frames. */
const refusing = {
  open() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
} as unknown as IDBFactory;

/** A factory whose open requests report `blocked` and then never finish, like an upgrade another tab blocks. */
function blocking(): IDBFactory {
  return {
    open() {
      const request = new EventTarget();
      queueMicrotask(() => request.dispatchEvent(new Event('blocked')));
      return request;
    },
  } as unknown as IDBFactory;
}

function watch(store: IndexedDbStore): IndexedDbStoreEvent[] {
  const events: IndexedDbStoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return events;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// The whole contract once more on a store that fell back at once: same behaviour, same `indexeddb:` messages.
runContractWithVitest('indexeddb, fallen back to memory', {
  create: async (options) => indexedDbStore({ ...options, dbName: dbName(), indexedDB: refusing }),
});

describe('indexedDbStore falls back to memory', () => {
  it('when there is no indexedDB: one warning event, and every call still works', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    const events = watch(store);
    await store.append([record(1), record(2)]);
    expect(events).toEqual([
      {
        type: 'store.fallback',
        reason: 'unavailable',
        error: 'ReferenceError: indexedDB is not available in this context',
        kept: 0,
        at: T0,
      },
    ]);
    expect(store.mode).toBe('memory');
    expect(store.db).toBeUndefined();
    expect(ids((await store.query()).records)).toEqual(['r2', 'r1']);
    await expect(store.open()).resolves.toBe('memory');
    expect(events).toHaveLength(1);
    await store.close();
  });

  it('when opening throws (a refused origin)', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0), indexedDB: refusing });
    const events = watch(store);
    await expect(store.open()).resolves.toBe('memory');
    expect(events).toEqual([
      {
        type: 'store.fallback',
        reason: 'open-failed',
        error: 'SecurityError: The operation is insecure.',
        kept: 0,
        at: T0,
      },
    ]);
  });

  it('when another tab already upgraded the database to a version this code does not know', async () => {
    const name = dbName();
    const newer = indexedDB.open(name, 7);
    await new Promise((done) => newer.addEventListener('success', done));
    newer.result.close();
    const store = indexedDbStore({ dbName: name, clock: new ManualClock(T0) });
    const events = watch(store);
    expect(await store.count()).toBe(0);
    expect(events).toEqual([
      {
        type: 'store.fallback',
        reason: 'newer-version',
        error: 'VersionError: An attempt was made to open a database using a lower version than the existing version.',
        kept: 0,
        at: T0,
      },
    ]);
  });

  it('when an upgrade stays blocked for openTimeoutMs; calls made meanwhile wait, then run in order', async () => {
    const clock = new ManualClock(T0);
    const store = indexedDbStore({ dbName: dbName(), clock, openTimeoutMs: 2_000, indexedDB: blocking() });
    const events = watch(store);
    const appended = store.append([record(1), record(2)]);
    const counted = store.count();
    const page = store.query({ limit: 1 });
    await clock.advance(1_999);
    expect(store.mode).toBe('pending');
    await clock.advance(1);
    await Promise.all([appended, counted, page]);
    expect(await counted).toBe(2);
    expect(ids((await page).records)).toEqual(['r2']);
    expect(events).toEqual([
      {
        type: 'store.fallback',
        reason: 'blocked',
        error: 'TimeoutError: waited 2000 ms for other tabs to close an older version of the database',
        kept: 0,
        at: T0 + 2_000,
      },
    ]);
  });

  it('when a write exceeds the quota: the failed batch lands whole in memory, next to what IndexedDB had', async () => {
    const name = dbName();
    const clock = new ManualClock(T0);
    const store = indexedDbStore({ dbName: name, clock });
    const events = watch(store);
    await store.append([record(0), record(1)]);
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    // The second row the next batch writes does not fit (Chromium may also report it when the batch commits).
    // A small batch joins the newest chunk (`put`); a large one makes a new one (`add`): either counts.
    let writes = 0;
    for (const method of ['add', 'put'] as const) {
      const write = IDBObjectStore.prototype[method];
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
        if (++writes === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return write.apply(this, args);
      });
    }
    clock.set(T0 + 5);
    await expect(store.append([record(2), record(3)])).resolves.toBeUndefined();
    vi.restoreAllMocks();

    expect(events).toEqual([
      {
        type: 'store.fallback',
        reason: 'quota-exceeded',
        error: 'QuotaExceededError: The quota has been exceeded.',
        kept: 2,
        at: T0 + 5,
      },
    ]);
    expect(store.mode).toBe('memory');
    expect(ids((await store.query()).records)).toEqual(['r3', 'r2', 'r1', 'r0']);
    expect(await store.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    // The batch was one transaction: IndexedDB kept none of it, and the store let go of its connection.
    expect(store.db).toBeUndefined();
    const other = indexedDbStore({ dbName: name, clock });
    expect(ids((await other.query()).records)).toEqual(['r1', 'r0']);
    await Promise.all([store.close(), other.close()]);
  });

  it('when a read fails: the answer comes from memory, which keeps the newest retention.maxRecords', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0), retention: { maxRecords: 2 } });
    const events = watch(store);
    await store.append([record(0), record(1), record(2)]);
    // Counting reads the chunk summaries; the fallback's read of what to keep does not.
    const getAll = IDBObjectStore.prototype.getAll;
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'chunkIndex') throw new DOMException('Internal error.', 'UnknownError');
      return getAll.apply(this, args);
    });
    expect(await store.count({ fingerprint: 'fp1' })).toBe(1);
    expect(events).toEqual([
      { type: 'store.fallback', reason: 'failed', error: 'UnknownError: Internal error.', kept: 2, at: T0 },
    ]);
    expect(ids((await store.query()).records)).toEqual(['r2', 'r1']);
  });

  it('pages of IndexedDB start over from the newest after a fallback; memory pages follow their cursors', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append([record(0), record(1), record(2)]);
    const before = await store.query({ limit: 1 });
    expect(before.nextCursor).toBe('1:2');
    const getAll = IDBObjectStore.prototype.getAll;
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'chunkIndex') throw new DOMException('Internal error.', 'UnknownError');
      return getAll.apply(this, args);
    });
    expect(await store.count({ component: 'kraken' })).toBe(1);
    expect(store.mode).toBe('memory');
    const restarted = await store.query({ limit: 2, cursor: before.nextCursor! });
    expect(ids(restarted.records)).toEqual(['r2', 'r1']);
    expect(ids((await store.query({ limit: 2, cursor: restarted.nextCursor! })).records)).toEqual(['r0']);
    await expect(store.query({ cursor: 'x' })).rejects.toThrow(
      'indexeddb: query: cursor "x" is not one of this store\'s',
    );
    await store.close();
  });

  it('stops telling a listener that unsubscribed', async () => {
    const store = indexedDbStore({ dbName: dbName(), indexedDB: refusing });
    const events: IndexedDbStoreEvent[] = [];
    const stop = store.subscribe((e) => events.push(e));
    stop();
    stop();
    await store.open();
    expect(events).toEqual([]);
  });
});
