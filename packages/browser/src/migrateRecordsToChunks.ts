import type { ErrorRecord } from '@breakwater/core';
import type { IDBPTransaction } from 'idb';
import { CHUNK_LISTS, CHUNK_MERGE_RECORDS, chunkOf, summaryOf } from './HistoryChunk.ts';
import type { HistoryDb, UpgradeTransaction } from './HistoryDb.ts';

/** v1 records read per request while migrating: bounded, so a long history never sits in memory whole. */
const PAGE = 1_000;

/**
 * Upgrade step v1 → v2: creates `chunks` and `chunkIndex`, moves v1's `records` into chunks of
 * `CHUNK_MERGE_RECORDS` in key order (append order), then deletes `records`. It all happens in the upgrade
 * transaction, so a failure leaves the database at v1 with every record, and another tab never sees half of it.
 */
export async function migrateRecordsToChunks(db: HistoryDb, tx: UpgradeTransaction): Promise<void> {
  const chunks = db.createObjectStore('chunks', { autoIncrement: true });
  for (const list of Object.values(CHUNK_LISTS)) chunks.createIndex(list, list, { multiEntry: true });
  const summaryStore = db.createObjectStore('chunkIndex', { keyPath: ['key', 'count'] });
  for (const bound of ['minTs', 'maxTs'] as const) summaryStore.createIndex(bound, bound);

  // v1's store, no longer in the schema type.
  const records = (tx as unknown as IDBPTransaction<unknown, ['records'], 'versionchange'>).objectStore('records');
  const summaries = tx.objectStore('chunkIndex');
  const chunkStore = tx.objectStore('chunks');
  let after: IDBKeyRange | null = null;
  for (;;) {
    const [page, keys] = await Promise.all([records.getAll(after, PAGE), records.getAllKeys(after, PAGE)]);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < page.length; i += CHUNK_MERGE_RECORDS) {
      const chunk = chunkOf(page.slice(i, i + CHUNK_MERGE_RECORDS) as ErrorRecord[]); // v1 stored plain copies too
      writes.push(chunkStore.add(chunk).then((key) => summaries.add(summaryOf(key, chunk))));
    }
    await Promise.all(writes);
    const last = keys[keys.length - 1];
    if (page.length < PAGE || last === undefined) break;
    after = IDBKeyRange.lowerBound(last, true);
  }
  db.deleteObjectStore('records' as never);
}
