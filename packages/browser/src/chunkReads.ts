import type { HistoryFilter } from '@breakwater/core';
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { CHUNK_LISTS, LISTED_FIELDS, summaryCount, type ChunkSummary, type HistoryChunk } from './HistoryChunk.ts';
import type { HistoryDbSchema } from './HistoryDb.ts';

// How the history database reads chunks: which ones a filter may match (by index, by summary), and by key.

export type HistoryReadTx = IDBPTransaction<HistoryDbSchema, ['chunks', 'chunkIndex'], IDBTransactionMode>;
export type ChunkStore = IDBPObjectStore<
  HistoryDbSchema,
  ArrayLike<StoreNames<HistoryDbSchema>>,
  'chunks',
  IDBTransactionMode
>;
export interface KeyCursor {
  readonly primaryKey: number;
  continue(): Promise<KeyCursor | null>;
}

/**
 * Most chunks read at once. Chunks are read by key, several `get`s at a time, never through a value cursor:
 * Chromium's value cursors prefetch, which for rows of a hundred records costs far more than it saves.
 */
const READ_AHEAD = 16;

/**
 * The chunks a filter may match, newest first, with keys up to `atMost`. With a time bound, the summaries in
 * its range pick them (their spans and tallies rule out the rest unread); else the first listed criterion with
 * a string value drives a key cursor over its multiEntry index (other criteria are checked per chunk and
 * record); else every chunk is walked.
 */
export async function* newestFirst(
  tx: HistoryReadTx,
  filter: HistoryFilter,
  atMost: number,
): AsyncGenerator<[number, HistoryChunk]> {
  const chunks = tx.objectStore('chunks');
  const field = LISTED_FIELDS.find((f) => typeof filter[f] === 'string');
  if (filter.from !== undefined || filter.to !== undefined) {
    const keys = (await summariesFor(tx, filter))
      .filter((s) => s.key <= atMost && summaryCount(s, filter) !== 0)
      .map((s) => s.key);
    yield* readChunks(chunks, each(keys.sort((a, b) => b - a)));
  } else if (field !== undefined) {
    const value = filter[field]!;
    const opened = chunks
      .index(CHUNK_LISTS[field])
      .openKeyCursor(IDBKeyRange.only(value), 'prev')
      // `prev` with continuePrimaryKey goes to the last entry at or before (value, key).
      .then((cursor) => (cursor && cursor.primaryKey > atMost ? cursor.continuePrimaryKey(value, atMost) : cursor));
    yield* readChunks(chunks, cursorKeys(opened));
  } else {
    yield* readChunks(
      chunks,
      cursorKeys(chunks.openKeyCursor(Number.isFinite(atMost) ? IDBKeyRange.upperBound(atMost) : null, 'prev')),
    );
  }
}

/**
 * The summaries of every chunk a filter's time bounds may reach (all of them without bounds): the chunks
 * ending at or after `from` by the `maxTs` index, else those starting before `to` by the `minTs` index.
 */
export function summariesFor(tx: HistoryReadTx, filter: HistoryFilter): Promise<ChunkSummary[]> {
  const summaries = tx.objectStore('chunkIndex');
  const usable = (t: unknown): t is number => typeof t === 'number' && !Number.isNaN(t);
  if (usable(filter.from)) return summaries.index('maxTs').getAll(IDBKeyRange.lowerBound(filter.from));
  if (usable(filter.to)) return summaries.index('minTs').getAll(IDBKeyRange.upperBound(filter.to, true));
  return summaries.getAll();
}

/** The chunks of `keys`, in their order, read a few at a time (one at first: a page often needs only one). */
export async function* readChunks(
  chunks: ChunkStore,
  keys: AsyncIterator<number>,
): AsyncGenerator<[number, HistoryChunk]> {
  for (let n = 1; ; n = Math.min(2 * n, READ_AHEAD)) {
    const batch: number[] = [];
    while (batch.length < n) {
      const next = await keys.next();
      if (next.done) break;
      batch.push(next.value);
    }
    const read = await Promise.all(batch.map((key) => chunks.get(key)));
    for (const [i, chunk] of read.entries()) if (chunk) yield [batch[i]!, chunk];
    if (batch.length < n) return;
  }
}

/** The primary keys a key cursor walks, one step per key taken. */
export async function* cursorKeys(opened: Promise<KeyCursor | null>): AsyncGenerator<number> {
  for (let cursor = await opened; cursor; cursor = await cursor.continue()) yield cursor.primaryKey;
}

export async function* each(keys: readonly number[]): AsyncGenerator<number> {
  yield* keys;
}
