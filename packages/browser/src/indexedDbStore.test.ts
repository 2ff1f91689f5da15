import { type HistoryQuery } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { record, snapshot, T0 } from '../../../test/contract/historyStoreContract.ts';
import { runContractWithVitest } from '../../../test/contract/runContractWithVitest.ts';
import { indexedDbStore, type IndexedDbStore } from './indexedDbStore.ts';
import type { IndexedDbStoreEvent } from './IndexedDbStoreEvent.ts';

// fake-indexeddb keeps every database for the whole process: each contract case gets a name of its own, and
// `reopen` opens the one its case created last.
let cases = 0;
let lastName = '';
runContractWithVitest('indexeddb (fake-indexeddb)', {
  create: async (options) => indexedDbStore({ ...options, dbName: (lastName = `contract-${++cases}`) }),
  reopen: async (options) => indexedDbStore({ ...options, dbName: lastName }),
});

let unique = 0;
const dbName = () => `store-${++unique}`;
const ids = (records: ReadonlyArray<{ id: string }>) => records.map((r) => r.id);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i));

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every record a query matches, following cursors. */
async function everything(store: IndexedDbStore, query: HistoryQuery = {}): Promise<string[]> {
  const all: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? query : { ...query, cursor });
    all.push(...ids(page.records));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** The chunk summaries, oldest first: how the store laid its history out. */
async function layout(store: IndexedDbStore): Promise<number[]> {
  return (await store.db!.getAll('chunkIndex')).map((s) => s.count);
}

describe('indexedDbStore', () => {
  it('opens lazily: creating one touches no database, the first call opens it', async () => {
    const name = dbName();
    const store = indexedDbStore({ dbName: name, clock: new ManualClock(T0) });
    expect(store.mode).toBe('pending');
    expect(store.db).toBeUndefined();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    await store.count();
    expect(store.mode).toBe('indexeddb');
    expect(store.db?.name).toBe(name);
    expect(store.db?.version).toBe(3);
    expect((await indexedDB.databases()).map((d) => d.name)).toContain(name);
    await store.close();
  });

  it('open() resolves to where history goes, and rejects once closed', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await expect(store.open()).resolves.toBe('indexeddb');
    await store.close();
    expect(store.db).toBeUndefined();
    await expect(store.open()).rejects.toThrow('indexeddb: store is closed');
  });

  it('rejects a record that is not plain data before it reaches the database, as the memory driver does', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append([record(1)]);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    await expect(store.append([record(2), record(3, { metadata: circular })])).rejects.toThrow(TypeError);
    expect(ids((await store.query()).records)).toEqual(['r1']);
    expect(store.mode).toBe('indexeddb');
    await store.close();
  });

  it('keeps the records exactly, undefined fields dropped as in the memory driver', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append([{ ...record(1), retryAfterMs: undefined, code: 'E1', status: 429, stack: 'at x' }]);
    const [stored] = (await store.query()).records;
    expect(stored).toStrictEqual({ ...record(1), code: 'E1', status: 429, stack: 'at x' });
    expect(Object.keys(stored!)).not.toContain('retryAfterMs');
    await store.close();
  });

  it('pages a filtered query by its index from the cursor on, newest first', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    for (let i = 0; i < 60; i += 10) await store.append(Array.from({ length: 10 }, (_, k) => record(i + k)));
    const first = await store.query({ component: 'kraken', limit: 3 });
    expect(ids(first.records)).toEqual(['r57', 'r54', 'r51']);
    const second = await store.query({ component: 'kraken', limit: 3, cursor: first.nextCursor! });
    expect(ids(second.records)).toEqual(['r48', 'r45', 'r42']);
    // Cursors are `<chunk key>:<position>`: the six batches of ten joined the first chunk, where r42 is at 42.
    expect(second.nextCursor).toBe('1:42');
    await store.close();
  });

  it('counts by a single index, a time range, and by walking for combined criteria', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append(Array.from({ length: 30 }, (_, i) => record(i)));
    expect(await store.count({ severity: 'high' })).toBe(10);
    expect(await store.count({ to: T0 + 5_000 })).toBe(5);
    expect(await store.count({ from: T0 + 25_000 })).toBe(5);
    expect(await store.count({ from: T0 + 5_000, to: T0 + 5_000 })).toBe(0);
    expect(await store.count({ from: Number.NaN })).toBe(0);
    expect(await store.count({ category: 'api', from: T0 + 10_000 })).toBe(7);
    expect(store.mode).toBe('indexeddb');
    await store.close();
  });

  it('prunes by age and by count in one call, oldest first', async () => {
    const clock = new ManualClock(T0 + 100_000);
    const store = indexedDbStore({ dbName: dbName(), clock, retention: { maxAgeMs: 95_000, maxRecords: 3 } });
    await store.append(Array.from({ length: 10 }, (_, i) => record(i)));
    expect(await store.prune()).toBe(7); // r0-r4 too old, then r5 and r6 over the count
    expect(ids((await store.query()).records)).toEqual(['r9', 'r8', 'r7']);
    await store.close();
  });

  it('stores a batch as one chunk, splits one over 500 records, and joins small ones to the newest chunk', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append(range(0, 1_001));
    expect(await layout(store)).toEqual([334, 334, 333]);
    await store.append(range(1_001, 1_061)); // 60: a chunk of its own (the newest has 333)
    await store.append(range(1_061, 1_091)); // 30: joins it
    await store.append(range(1_091, 1_111)); // 20: would make 110, so a chunk of its own
    await store.append(range(1_111, 1_211)); // 100: never joins
    expect(await layout(store)).toEqual([334, 334, 333, 90, 20, 100]);
    const expected = range(0, 1_211)
      .reverse()
      .map((r) => r.id);
    expect(await everything(store, { limit: 7 })).toEqual(expected);
    expect(await everything(store, { limit: 1_000 })).toEqual(expected);
    expect(await everything(store, { severity: 'low', limit: 50 })).toEqual(
      expected.filter((id) => Number(id.slice(1)) % 3 === 2),
    );
    expect(await store.count()).toBe(1_211);
    await store.close();
  });

  it('keeps a cursor in place when a prune rewrites its chunk', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    await store.append(range(0, 10));
    const first = await store.query({ limit: 3 });
    expect(ids(first.records)).toEqual(['r9', 'r8', 'r7']);
    expect(await store.prune({ maxRecords: 5 })).toBe(5); // r0-r4 go: the chunk is rewritten
    await store.append([record(10)]); // joins the same chunk, above the cursor
    const second = await store.query({ limit: 3, cursor: first.nextCursor! });
    expect(ids(second.records)).toEqual(['r6', 'r5']);
    expect(second.nextCursor).toBeUndefined();
    expect(await everything(store)).toEqual(['r10', 'r9', 'r8', 'r7', 'r6', 'r5']);
    await store.close();
  });

  it('prunes by age inside a chunk: timestamps need not follow append order', async () => {
    const clock = new ManualClock(T0 + 100_000);
    const store = indexedDbStore({ dbName: dbName(), clock });
    const late = { ...record(3), timestamp: T0 - 50_000 }; // appended fourth, but the oldest
    await store.append([...range(0, 3), late, ...range(4, 40)]);
    await store.append(range(40, 140));
    const page = await store.query({ limit: 130 });
    expect(await store.prune({ maxAgeMs: 99_000 })).toBe(2); // r0 (T0) and r3 (T0 - 50 s)
    expect(await layout(store)).toEqual([38, 100]);
    expect(await store.count({ to: T0 + 5_000 })).toBe(3); // r1, r2 and r4
    expect(ids((await store.query({ cursor: page.nextCursor! })).records)).toEqual([
      'r9',
      'r8',
      'r7',
      'r6',
      'r5',
      'r4',
      'r2',
      'r1',
    ]);
    await store.close();
  });

  it('counts from the chunk summaries: a chunk is read only when a bound cuts it or criteria combine', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    for (let i = 0; i < 300; i += 100) await store.append(range(i, i + 100));
    const reads = vi.spyOn(IDBObjectStore.prototype, 'get');
    const chunkReads = () => reads.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'chunks').length;
    expect(await store.count()).toBe(300);
    expect(await store.count({ component: 'kraken' })).toBe(100);
    expect(await store.count({ fingerprint: 'fp2', to: T0 + 200_000 })).toBe(40);
    expect(chunkReads()).toBe(0);
    expect(await store.count({ from: T0 + 150_000 })).toBe(150); // cuts the second chunk only
    expect(chunkReads()).toBe(1);
    expect(await store.count({ component: 'kraken', severity: 'medium' })).toBe(100); // i % 3 === 0 for both
    expect(chunkReads()).toBe(4);
    await store.close();
  });

  it('pages a query with a time bound from the chunks in its range only', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    for (let i = 0; i < 300; i += 100) await store.append(range(i, i + 100));
    const reads = vi.spyOn(IDBObjectStore.prototype, 'get');
    const chunkReads = () => reads.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'chunks').length;
    const old = await store.query({ component: 'kraken', to: T0 + 10_000, limit: 3 });
    expect(ids(old.records)).toEqual(['r9', 'r6', 'r3']);
    expect(ids((await store.query({ component: 'kraken', to: T0 + 10_000, cursor: old.nextCursor! })).records)).toEqual(
      ['r0'],
    );
    expect(chunkReads()).toBe(2); // the first chunk, once per page
    expect(ids((await store.query({ from: T0 + 298_000 })).records)).toEqual(['r299', 'r298']);
    expect(chunkReads()).toBe(3);
    await store.close();
  });

  it('rejects a cursor that is not one of its own, and stays on IndexedDB', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    const events: IndexedDbStoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    await store.append(range(0, 3));
    // `12` is a memory store's cursor (or version 1's): it names no place in this database.
    for (const cursor of ['12', '1:2:3', 'x:1']) {
      await expect(store.query({ cursor })).rejects.toThrow(
        `indexeddb: query: cursor "${cursor}" is not one of this store's`,
      );
    }
    expect(store.mode).toBe('indexeddb');
    expect(events).toEqual([]);
    // A well-formed cursor past everything stored pages from the newest below it: a pruned chunk, say.
    expect(ids((await store.query({ cursor: '99:0' })).records)).toEqual(['r2', 'r1', 'r0']);
    await store.close();
  });

  it('validates its options, naming the bad value', () => {
    expect(() => indexedDbStore({ dbName: '' })).toThrow(
      new RangeError('indexeddb: dbName must be a non-empty string, got ""'),
    );
    expect(() => indexedDbStore({ openTimeoutMs: -1 })).toThrow(
      new RangeError('indexeddb: openTimeoutMs must be a number >= 0, got -1'),
    );
    expect(() => indexedDbStore({ retention: { maxRecords: 1.5 } })).toThrow(
      'indexeddb: retention.maxRecords must be a non-negative integer, got 1.5',
    );
  });

  it('flushes and closes: a closed store rejects every call, and closing twice is harmless', async () => {
    const name = dbName();
    const store = indexedDbStore({ dbName: name, clock: new ManualClock(T0) });
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    await store.close();
    await store.close();
    await expect(store.count()).rejects.toThrow('indexeddb: store is closed');
    await expect(store.flush()).rejects.toThrow('indexeddb: store is closed');
    const again = indexedDbStore({ dbName: name, clock: new ManualClock(T0) });
    expect(await again.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    await again.close();
  });

  it('emits nothing while IndexedDB works', async () => {
    const store = indexedDbStore({ dbName: dbName(), clock: new ManualClock(T0) });
    const events: IndexedDbStoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    await store.append([record(1)]);
    await store.prune({ maxRecords: 0 });
    await store.close();
    expect(events).toEqual([]);
  });
});
