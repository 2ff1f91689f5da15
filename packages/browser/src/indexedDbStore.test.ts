import { ManualClock } from '@breakwater/core';
import { describe, expect, it } from 'vitest';
import { record, snapshot, T0 } from '../../../test/contract/historyStoreContract.ts';
import { runContractWithVitest } from '../../../test/contract/runContractWithVitest.ts';
import { indexedDbStore } from './indexedDbStore.ts';
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
    expect(store.db?.version).toBe(1);
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
    // Cursors are keys: record 42 is the 43rd appended.
    expect(second.nextCursor).toBe('43');
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

  it('validates its options, naming the bad value', () => {
    expect(() => indexedDbStore({ dbName: '' })).toThrow(new RangeError('indexeddb: dbName must be a non-empty string, got ""'));
    expect(() => indexedDbStore({ openTimeoutMs: -1 })).toThrow(new RangeError('indexeddb: openTimeoutMs must be a number >= 0, got -1'));
    expect(() => indexedDbStore({ retention: { maxRecords: 1.5 } })).toThrow('indexeddb: retention.maxRecords must be a non-negative integer, got 1.5');
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
