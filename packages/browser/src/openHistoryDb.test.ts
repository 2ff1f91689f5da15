import { ManualClock } from '@breakwater/core';
import { describe, expect, it, vi } from 'vitest';
import { record } from '../../../test/contract/historyStoreContract.ts';
import { HISTORY_DB_VERSION, historyDbSteps, type UpgradeStep } from './HistoryDbSchema.ts';
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

/** A later schema version, as a release would append it: an index on `operation`. */
const v2: UpgradeStep = (_db, tx) => {
  tx.objectStore('records').createIndex('operation' as never, 'operation');
};

describe('openHistoryDb', () => {
  it('creates version 1 exactly: records with their indexes, breakers by name', async () => {
    const db = await open(dbName());
    expect(HISTORY_DB_VERSION).toBe(1);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames]).toEqual(['breakers', 'records']);
    const tx = db.transaction(['records', 'breakers']);
    const records = tx.objectStore('records');
    expect([records.keyPath, records.autoIncrement]).toEqual([null, true]);
    expect([...records.indexNames]).toEqual(['category', 'component', 'fingerprint', 'severity', 'timestamp']);
    for (const name of records.indexNames) {
      const index = records.index(name);
      expect([index.keyPath, index.unique, index.multiEntry]).toEqual([name, false, false]);
    }
    expect([tx.objectStore('breakers').keyPath, tx.objectStore('breakers').autoIncrement]).toEqual(['name', false]);
    db.close();
  });

  it('upgrades an older database by running only the steps it misses, keeping its data', async () => {
    const name = dbName();
    const old = await open(name);
    await old.add('records', record(1));
    old.close();
    const upgraded = await open(name, { version: 2, steps: [...historyDbSteps, v2] });
    expect(upgraded.version).toBe(2);
    const index = upgraded.transaction('records').store.index('operation' as never);
    expect(await index.count(IDBKeyRange.only('create_order'))).toBe(1);
    expect(await upgraded.getAll('records')).toEqual([record(1)]);
    upgraded.close();
  });

  it('fails the open and leaves the old version when a step is missing', async () => {
    const name = dbName();
    (await open(name)).close();
    const result = await openHistoryDb(options(name, { version: 3, steps: [...historyDbSteps, v2] }));
    expect(result).toEqual({ ok: false, reason: 'open-failed', error: 'RangeError: indexeddb: no upgrade step from version 2 to 3' });
    const again = await open(name);
    expect(again.version).toBe(1);
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
    const pending = openHistoryDb(options(name, { factory, clock, version: 2, steps: [...historyDbSteps, v2] }));
    await vi.waitFor(() => expect(blocked).toBe(true));
    await clock.advance(1_000);
    expect(await pending).toEqual({
      ok: false,
      reason: 'blocked',
      error: 'TimeoutError: waited 1000 ms for other tabs to close an older version of the database',
    });
    // The old tab goes; the abandoned open completes and must close at once, or it would block version 3.
    oldTab.close();
    let blockedAgain = false;
    const v3: UpgradeStep = () => undefined;
    const next = openHistoryDb(
      options(name, {
        version: 3,
        steps: [...historyDbSteps, v2, v3],
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
    expect(await pending).toEqual({ ok: false, reason: 'timeout', error: 'TimeoutError: waited 250 ms for the database to open' });
  });

  it('reports a factory that cannot even be read as a failed open', async () => {
    const result = await openHistoryDb(
      options(dbName(), {
        factory: () => {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      }),
    );
    expect(result).toEqual({ ok: false, reason: 'open-failed', error: 'SecurityError: Access is denied for this document.' });
  });
});
