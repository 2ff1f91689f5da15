import type { CircuitBreakerSnapshot, ErrorCategory, ErrorSeverity, HistoryEvent } from '@breakwater/core';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ChunkSummary, HistoryChunk, SummaryKey } from './HistoryChunk.ts';

/**
 * The history database, typed for idb so a wrong store, index or value shape fails to compile.
 *
 * `chunks` holds history a batch per row (`HistoryChunk`): Chromium pays per row, not per byte, so one row per
 * record capped appends near 5k records/s. The key is out-of-line and auto-incremented, so key order is
 * append order across every tab (the key generator lives in the database, not in a tab), and within a chunk
 * the records are in append order too. Newest first is a `prev` walk over chunks, each read backwards.
 *
 * Each chunk lists its distinct components, categories, severities and fingerprints; a multiEntry index on each
 * list finds the chunks a filter may match. An index orders its entries by (index key, primary key), so a `prev`
 * key cursor over `only('kraken')` walks kraken's chunks newest first, and `continuePrimaryKey` jumps to a page
 * cursor's chunk. Chunks are then read by key, a few `get`s at a time (see `chunkReads.ts`).
 *
 * `chunkIndex` holds each chunk's count, time span and per-value tallies (`ChunkSummary`), written in the same
 * transaction as the chunk: counting, time-range planning and pruning read these small rows and never
 * deserialize records. Its key is `[chunk key, count]`: `count()` adds up counts from `getAllKeys()` alone,
 * several times faster in Chromium than reading the rows. `minTs` finds the chunks that start before a time
 * (retention by age, `to`), `maxTs` those that end after one (`from`: the recent chunks, without the others).
 */
export interface HistoryDbSchema extends DBSchema {
  chunks: {
    key: number;
    value: HistoryChunk;
    indexes: {
      components: string;
      categories: ErrorCategory;
      severities: ErrorSeverity;
      fingerprints: string;
    };
  };
  chunkIndex: {
    key: SummaryKey;
    value: ChunkSummary;
    indexes: {
      minTs: number;
      maxTs: number;
    };
  };
  breakers: {
    key: string;
    value: CircuitBreakerSnapshot;
  };
  /** Breaker transitions and mode switches, a row each (they are few), key in append order across tabs. */
  events: {
    key: number;
    value: HistoryEvent;
    indexes: {
      at: number;
    };
  };
}

export type HistoryDb = IDBPDatabase<HistoryDbSchema>;
export type UpgradeTransaction = IDBPTransaction<HistoryDbSchema, StoreNames<HistoryDbSchema>[], 'versionchange'>;

/**
 * One schema version's changes, run inside the upgrade transaction. A step that moves data returns a promise
 * (settled by the transaction's own requests, so the transaction stays alive); the next step waits for it.
 */
export type UpgradeStep = (db: HistoryDb, tx: UpgradeTransaction) => void | Promise<void>;
