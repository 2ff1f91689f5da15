// Tabs of one origin share one database: here two store instances on one dbName play two tabs.
import { ManualClock } from '@breakwater/core/testing';
import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { record, snapshot, T0 } from '../../../test/contract/historyStoreContract.ts';
import { HISTORY_DB_VERSION } from './HistoryDbSchema.ts';
import { indexedDbStore, type IndexedDbStore } from './indexedDbStore.ts';
import type { IndexedDbStoreEvent } from './IndexedDbStoreEvent.ts';

let unique = 0;
const ids = (records: ReadonlyArray<{ id: string }>) => records.map((r) => r.id);

function twoTabs(): [IndexedDbStore, IndexedDbStore, string] {
  const dbName = `tabs-${++unique}`;
  return [
    indexedDbStore({ dbName, clock: new ManualClock(T0) }),
    indexedDbStore({ dbName, clock: new ManualClock(T0) }),
    dbName,
  ];
}

function watch(store: IndexedDbStore): IndexedDbStoreEvent[] {
  const events: IndexedDbStoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return events;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error));
  });
}

describe('indexedDbStore in several tabs', () => {
  it('interleaved appends: both tabs see every record, in append order', async () => {
    const [a, b] = twoTabs();
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? a : b).append([record(i)]);
    const expected = ['r5', 'r4', 'r3', 'r2', 'r1', 'r0'];
    expect(ids((await a.query()).records)).toEqual(expected);
    expect(ids((await b.query()).records)).toEqual(expected);
    await a.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    expect(await b.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    await Promise.all([a.close(), b.close()]);
  });

  it('concurrent batches from both tabs each land whole, and every record once', async () => {
    const [a, b] = twoTabs();
    const batch = (tab: string, n: number) =>
      Array.from({ length: 5 }, (_, k) => record(n * 5 + k, { id: `${tab}${n}.${k}` }));
    await Promise.all(
      Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? a : b).append(batch(n % 2 === 0 ? 'a' : 'b', n))),
    );
    const all = ids((await a.query({ limit: 1000 })).records).reverse();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    // Each batch's five records are neighbours, in their order: no other tab's write got between them.
    for (let i = 0; i < 40; i += 5) {
      const [prefix] = all[i]!.split('.');
      expect(all.slice(i, i + 5)).toEqual([0, 1, 2, 3, 4].map((k) => `${prefix}.${k}`));
    }
    expect(await b.count()).toBe(40);
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps no state that goes stale: counts and prunes see the other tab’s writes', async () => {
    const [a, b] = twoTabs();
    await a.append([record(0), record(1)]);
    expect(await a.count()).toBe(2);
    await b.append([record(2), record(3), record(4)]);
    expect(await a.count()).toBe(5);
    expect(await a.prune({ maxRecords: 2 })).toBe(3);
    expect(ids((await b.query()).records)).toEqual(['r4', 'r3']);
    await Promise.all([a.close(), b.close()]);
  });

  it('closes its connection for another tab’s upgrade, then falls back: it cannot read the new schema', async () => {
    const [a, , dbName] = twoTabs();
    const events = watch(a);
    await a.append([record(1)]);
    const newer = indexedDB.open(dbName, HISTORY_DB_VERSION + 1);
    let blocked = false;
    newer.addEventListener('blocked', () => (blocked = true));
    const db = await request(newer);
    expect(blocked).toBe(false);
    expect(a.db).toBeUndefined();
    db.close();
    await a.append([record(2)]);
    expect(a.mode).toBe('memory');
    expect(events.map((e) => [e.reason, e.kept])).toEqual([['newer-version', 0]]);
    expect(ids((await a.query()).records)).toEqual(['r2']);
  });

  it('lets another tab delete the database, and recreates it at the next call', async () => {
    const [a, b, dbName] = twoTabs();
    const events = watch(a);
    await a.append([record(1)]);
    await request(indexedDB.deleteDatabase(dbName));
    await a.append([record(2)]);
    expect(ids((await b.query()).records)).toEqual(['r2']);
    expect(a.mode).toBe('indexeddb');
    expect(events).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('reopens when the browser closed its connection (site data cleared while open)', async () => {
    const [a] = twoTabs();
    const events = watch(a);
    await a.append([record(1)]);
    const first = a.db!;
    forceCloseDatabase(unwrap(first) as never);
    expect(a.db).toBeUndefined();
    await a.append([record(2)]);
    expect(a.db).not.toBe(first);
    expect(ids((await a.query()).records)).toEqual(['r2', 'r1']);
    expect(events).toEqual([]);
    await a.close();
  });
});
