import type { CircuitBreakerSnapshot, ErrorCategory, ErrorRecord, ErrorSeverity } from '@breakwater/core';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

/**
 * The history database, typed for idb so a wrong store, index or value shape fails to compile.
 *
 * `records` has an out-of-line, auto-incremented key (`seq`): the stored value is exactly the record (nothing
 * to strip on the way out), and key order is append order across every tab, because the key generator lives
 * in the database, not in a tab. Newest first is a `prev` cursor; a page cursor is the last `seq` returned.
 *
 * No compound `[field, seq]` indexes: an index orders its entries by (index key, primary key), so the
 * `component` index already is one. A `prev` cursor over `only('kraken')` walks kraken's records newest
 * first, and `continuePrimaryKey` jumps straight to a page's cursor.
 *
 * `timestamp` serves retention by age and time-only counts. Timestamps need not follow append order, so it
 * never drives paging.
 */
export interface HistoryDbSchema extends DBSchema {
  records: {
    key: number;
    value: ErrorRecord;
    indexes: {
      component: string;
      category: ErrorCategory;
      severity: ErrorSeverity;
      fingerprint: string;
      timestamp: number;
    };
  };
  breakers: {
    key: string;
    value: CircuitBreakerSnapshot;
  };
}

/** The fields with an equality index, most selective first: the first one a filter names drives its cursor. */
export const EQUALITY_INDEXES = ['fingerprint', 'component', 'category', 'severity'] as const;
export type EqualityIndex = (typeof EQUALITY_INDEXES)[number];

export type HistoryDb = IDBPDatabase<HistoryDbSchema>;
export type UpgradeTransaction = IDBPTransaction<HistoryDbSchema, StoreNames<HistoryDbSchema>[], 'versionchange'>;

/** One schema version's changes, run inside the upgrade transaction. */
export type UpgradeStep = (db: HistoryDb, tx: UpgradeTransaction) => void;

/**
 * Step `i` brings the database from version `i` to `i + 1`. Steps are never edited once released: a change
 * is a new step appended here (a new version), so a browser that has any older version runs exactly the
 * steps it is missing, in order, and keeps its data.
 */
export const historyDbSteps: readonly UpgradeStep[] = [
  // v1: records with their query indexes; the latest snapshot of each breaker by name.
  (db) => {
    const records = db.createObjectStore('records', { autoIncrement: true });
    for (const field of [...EQUALITY_INDEXES, 'timestamp'] as const) records.createIndex(field, field);
    db.createObjectStore('breakers', { keyPath: 'name' });
  },
];

/** The version this code opens: one per step. */
export const HISTORY_DB_VERSION = historyDbSteps.length;

/**
 * idb's `upgrade` callback: runs the steps from `oldVersion` (0 for a new database) up to `newVersion`.
 * A step missing for `newVersion` is a programming error: it throws, which aborts the upgrade.
 */
export function upgradeHistoryDb(
  db: HistoryDb,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
  steps: readonly UpgradeStep[] = historyDbSteps,
): void {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = steps[version];
    if (!step) throw new RangeError(`indexeddb: no upgrade step from version ${version} to ${version + 1}`);
    step(db, tx);
  }
}
