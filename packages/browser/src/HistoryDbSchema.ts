import type { IDBPDatabase } from 'idb';
import type { HistoryDb, UpgradeStep, UpgradeTransaction } from './HistoryDb.ts';
import { migrateRecordsToChunks } from './migrateRecordsToChunks.ts';

// The schema's types live in HistoryDb.ts, so the upgrade steps here and in migrateRecordsToChunks.ts share them
// without importing each other.
export type { HistoryDbSchema, HistoryDb, UpgradeTransaction, UpgradeStep } from './HistoryDb.ts';

/**
 * Step `i` brings the database from version `i` to `i + 1`. Steps are never edited once released: a change
 * is a new step appended here (a new version), so a browser that has any older version runs exactly the
 * steps it is missing, in order, and keeps its data.
 */
export const historyDbSteps: readonly UpgradeStep[] = [
  // v1: one row per record, with its query indexes; the latest snapshot of each breaker by name. Its stores are
  // no longer in the schema type, hence the untyped handle.
  (db) => {
    const untyped = db as unknown as IDBPDatabase;
    const records = untyped.createObjectStore('records', { autoIncrement: true });
    for (const field of ['fingerprint', 'component', 'category', 'severity', 'timestamp'])
      records.createIndex(field, field);
    untyped.createObjectStore('breakers', { keyPath: 'name' });
  },
  // v2: one row per appended batch (`chunks`), a summary row per chunk (`chunkIndex`); v1's records move into
  // chunks, in their order, and `records` goes.
  migrateRecordsToChunks,
  // v3: breaker transitions and mode switches (`events`), by time for retention by age.
  (db) => {
    db.createObjectStore('events', { autoIncrement: true }).createIndex('at', 'at');
  },
];

/** The version this code opens: one per step. */
export const HISTORY_DB_VERSION = historyDbSteps.length;

/**
 * idb's `upgrade` callback: runs the steps from `oldVersion` (0 for a new database) up to `newVersion`, each
 * after the previous one's data has moved. A step missing for `newVersion` is a programming error: it throws
 * before any step runs, which aborts the upgrade. Returns a promise while a step is still moving data.
 */
export function upgradeHistoryDb(
  db: HistoryDb,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
  steps: readonly UpgradeStep[] = historyDbSteps,
): void | Promise<void> {
  for (let version = oldVersion; version < newVersion; version++) {
    if (!steps[version]) throw new RangeError(`indexeddb: no upgrade step from version ${version} to ${version + 1}`);
  }
  const runFrom = (version: number): void | Promise<void> => {
    for (; version < newVersion; version++) {
      const moving = steps[version]!(db, tx);
      if (moving) return moving.then(() => runFrom(version + 1));
    }
  };
  return runFrom(oldVersion);
}
