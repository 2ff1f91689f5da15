import { ManualClock } from '@breakwater/core/testing';
import type { IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { record, snapshot, T0 } from '../../../test/contract/historyStoreContract.ts';
import { chunkOf } from './HistoryChunk.ts';
import { HISTORY_DB_VERSION, historyDbSteps, type UpgradeStep } from './HistoryDbSchema.ts';
import { indexedDbStore } from './indexedDbStore.ts';
import { openHistoryDb, type OpenHistoryDbOptions } from './openHistoryDb.ts';

let unique = 0;
const dbName = () => `open-${++unique}`;

function options(name: string, more: Partial<OpenHistoryDbOptions> = {}): OpenHistoryDbOptions {
  return {
    factory: () => indexedDB,
    name,
    clock: new ManualClock(0),
    timeoutMs: 1_000,
    onVersionChange: (db) => db.close(),
    onTerminated: () => undefined,
    ...more,
  };
}

async function open(name: string, more: Partial<OpenHistoryDbOptions> = {}) {
  const result = await openHistoryDb(options(name, more));
  if (!result.ok) throw new Error(`open failed: ${result.reason} ${result.error}`);
  return result.db;
}

/** A later schema version, as a release would append it: an index on each chunk's `count`. */
const vNext: UpgradeStep = (_db, tx) => {
  tx.objectStore('chunks').createIndex('count' as never, 'count');
};

/** A database as version 1 of this code left it: one row per record in `records`, and breakers. */
async function versionOne(name: string, records: number) {
  const db = (await open(name, { version: 1, steps: historyDbSteps.slice(0, 1) })) as unknown as IDBPDatabase;
  const tx = db.transaction(['records', 'breakers'], 'readwrite');
  for (let i = 0; i < records; i++) void tx.objectStore('records').add(record(i));
  void tx.objectStore('breakers').put(snapshot('kraken', 'OPEN', T0));
  await tx.done;
  db.close();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openHistoryDb', () => {
  // Version 3 (issue #11) added `events`.
  it('creates v3: chunks with list indexes, summaries by key, breakers by name, events by key and time', async () => {
    const db = await open(dbName());
    expect(HISTORY_DB_VERSION).toBe(3);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toEqual(['breakers', 'chunkIndex', 'chunks', 'events']);
    const events = db.transaction('events').store;
    expect([events.keyPath, events.autoIncrement, [...events.indexNames], events.index('at').keyPath]).toEqual([
      null,
      true,
      ['at'],
      'at',
    ]);
    const tx = db.transaction(['chunks', 'chunkIndex', 'breakers']);
    const chunks = tx.objectStore('chunks');
    expect([chunks.keyPath, chunks.autoIncrement]).toEqual([null, true]);
    expect([...chunks.indexNames]).toEqual(['categories', 'components', 'fingerprints', 'severities']);
    for (const name of chunks.indexNames) {
      const index = chunks.index(name);
      expect([index.keyPath, index.unique, index.multiEntry]).toEqual([name, false, true]);
    }
    const summaries = tx.objectStore('chunkIndex');
    expect([summaries.keyPath, summaries.autoIncrement]).toEqual([['key', 'count'], false]);
    expect([...summaries.indexNames]).toEqual(['maxTs', 'minTs']);
    for (const name of summaries.indexNames) {
      const index = summaries.index(name);
      expect([index.keyPath, index.unique, index.multiEntry]).toEqual([name, false, false]);
    }
    expect([tx.objectStore('breakers').keyPath, tx.objectStore('breakers').autoIncrement]).toEqual(['name', false]);
    db.close();
  });

  it('upgrades an older database by running only the steps it misses, keeping its data', async () => {
    const name = dbName();
    const old = await open(name);
    const chunk = chunkOf([record(1)]);
    const key = await old.add('chunks', chunk);
    old.close();
    const upgraded = await open(name, { version: HISTORY_DB_VERSION + 1, steps: [...historyDbSteps, vNext] });
    expect(upgraded.version).toBe(HISTORY_DB_VERSION + 1);
    const index = upgraded.transaction('chunks').store.index('count' as never);
    expect(await index.count(IDBKeyRange.only(1))).toBe(1);
    expect(await upgraded.get('chunks', key)).toEqual(chunk);
    upgraded.close();
  });

  it('moves a version 1 history into chunks, in its order, and drops the v1 store', async () => {
    const name = dbName();
    await versionOne(name, 1_050); // more than one page of the migration's reads
    const db = await open(name);
    expect([...db.objectStoreNames]).toEqual(['breakers', 'chunkIndex', 'chunks', 'events']);
    const summaries = await db.getAll('chunkIndex');
    expect(summaries.map((s) => s.count)).toEqual([...Array<number>(10).fill(100), 50]);
    expect(summaries[0]).toMatchObject({ count: 100, minTs: T0, maxTs: T0 + 99_000 });
    expect(summaries[0]!.tallies.component).toEqual(
      new Map([
        ['kraken', 34],
        ['binance', 33],
        ['coinbase', 33],
      ]),
    );
    db.close();

    const store = indexedDbStore({ dbName: name, clock: new ManualClock(T0) });
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query(cursor === undefined ? { limit: 400 } : { limit: 400, cursor });
      ids.push(...page.records.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(ids).toEqual(Array.from({ length: 1_050 }, (_, i) => `r${1_049 - i}`));
    expect((await store.query({ limit: 1 })).records).toEqual([record(1_049)]);
    expect(await store.count()).toBe(1_050);
    // i from 1000 to 1049 with i % 3 === 0
    expect(await store.count({ component: 'kraken', from: T0 + 1_000_000 })).toBe(16);
    expect(await store.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    await store.append([record(1_050)]);
    expect((await store.query({ limit: 2 })).records.map((r) => r.id)).toEqual(['r1050', 'r1049']);
    expect(store.mode).toBe('indexeddb');
    await store.close();
  });

  it('keeps version 1 and every record when moving them fails', async () => {
    const name = dbName();
    await versionOne(name, 3);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const result = await openHistoryDb(options(name));
    expect(result).toEqual({
      ok: false,
      reason: 'open-failed',
      error: 'QuotaExceededError: The quota has been exceeded.',
    });
    vi.restoreAllMocks();
    const old = (await open(name, { version: 1, steps: historyDbSteps.slice(0, 1) })) as unknown as IDBPDatabase;
    expect(old.version).toBe(1);
    expect(await old.getAll('records')).toEqual([record(0), record(1), record(2)]);
    old.close();
  });

  it('fails the open and leaves the old version when a step is missing', async () => {
    const name = dbName();
    (await open(name)).close();
    const result = await openHistoryDb(options(name, { version: 5, steps: [...historyDbSteps, vNext] }));
    expect(result).toEqual({
      ok: false,
      reason: 'open-failed',
      error: 'RangeError: indexeddb: no upgrade step from version 4 to 5',
    });
    const again = await open(name);
    expect(again.version).toBe(3);
    again.close();
  });

  it('gives up on an upgrade another tab blocks, and releases the connection should it open later', async () => {
    const name = dbName();
    const clock = new ManualClock(0);
    const oldTab = await open(name, { onVersionChange: () => undefined }); // an old tab that never lets go
    let blocked = false;
    const factory = () =>
      ({
        open: (n: string, v: number) => {
          const request = indexedDB.open(n, v);
          request.addEventListener('blocked', () => (blocked = true));
          return request;
        },
      }) as IDBFactory;
    const pending = openHistoryDb(options(name, { factory, clock, version: 4, steps: [...historyDbSteps, vNext] }));
    await vi.waitFor(() => expect(blocked).toBe(true));
    await clock.advance(1_000);
    expect(await pending).toEqual({
      ok: false,
      reason: 'blocked',
      error: 'TimeoutError: waited 1000 ms for other tabs to close an older version of the database',
    });
    // The old tab goes; the abandoned open completes and must close at once, or it would block version 5.
    oldTab.close();
    let blockedAgain = false;
    const v5: UpgradeStep = () => undefined;
    const next = openHistoryDb(
      options(name, {
        version: 5,
        steps: [...historyDbSteps, vNext, v5],
        factory: () =>
          ({
            open: (n: string, v: number) => {
              const request = indexedDB.open(n, v);
              request.addEventListener('blocked', () => (blockedAgain = true));
              return request;
            },
          }) as IDBFactory,
      }),
    );
    const result = await next;
    expect(result.ok).toBe(true);
    expect(blockedAgain).toBe(false);
    if (result.ok) result.db.close();
  });

  it('times out an open that never answers', async () => {
    const clock = new ManualClock(0);
    const silent = { open: () => new EventTarget() } as unknown as IDBFactory;
    const pending = openHistoryDb(options(dbName(), { factory: () => silent, clock, timeoutMs: 250 }));
    await clock.advance(250);
    expect(await pending).toEqual({
      ok: false,
      reason: 'timeout',
      error: 'TimeoutError: waited 250 ms for the database to open',
    });
  });

  it('reports a factory that cannot even be read as a failed open', async () => {
    const result = await openHistoryDb(
      options(dbName(), {
        factory: () => {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      }),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'open-failed',
      error: 'SecurityError: Access is denied for this document.',
    });
  });
});
