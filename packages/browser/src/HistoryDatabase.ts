import type {
  CircuitBreakerSnapshot,
  ErrorRecord,
  HistoryFilter,
  HistoryPage,
  RetentionPolicy,
} from '@breakwater/core';
import { formatChunkCursor, type ChunkPosition } from './chunkCursor.ts';
import { cursorKeys, each, newestFirst, readChunks, summariesFor } from './chunkReads.ts';
import {
  appendToChunk,
  CHUNK_MERGE_RECORDS,
  chunkOf,
  countMatches,
  filterChunk,
  LISTED_FIELDS,
  matchesNewestFirst,
  positionOf,
  splitBatch,
  summaryCount,
  summaryKey,
  summaryOf,
  type ChunkSummary,
} from './HistoryChunk.ts';
import type { HistoryDb } from './HistoryDb.ts';

/**
 * The history operations on one open connection, each in one transaction, so it sees and leaves a consistent
 * state whatever other tabs do meanwhile. Nothing is cached between calls (no counts, no last key): other
 * tabs write to the same database, and whatever a tab remembered would go stale.
 * Input is already checked and copied by the store; failures reject, and the store decides what they mean.
 */
export class HistoryDatabase {
  constructor(readonly db: HistoryDb) {}

  /**
   * One transaction per batch, two rows per chunk (the chunk and its summary). A batch smaller than
   * `CHUNK_MERGE_RECORDS` joins the newest chunk while that chunk stays within it, so a trickle of small
   * batches does not leave a row per record; a batch over `CHUNK_MAX_RECORDS` becomes several chunks.
   */
  async append(records: readonly ErrorRecord[]): Promise<void> {
    // `relaxed`: the batch is committed when `done` resolves, but not flushed to disk; `flush()` does that.
    const tx = this.db.transaction(['chunks', 'chunkIndex'], 'readwrite', { durability: 'relaxed' });
    await transact(tx, async () => {
      const chunks = tx.objectStore('chunks');
      const summaries = tx.objectStore('chunkIndex');
      if (records.length < CHUNK_MERGE_RECORDS) {
        const newest = (await summaries.openCursor(null, 'prev'))?.value;
        const chunk =
          newest && newest.count + records.length <= CHUNK_MERGE_RECORDS ? await chunks.get(newest.key) : undefined;
        if (newest && chunk) {
          const merged = appendToChunk(chunk, records);
          const writes = new Writes();
          writes.issue(chunks.put(merged, newest.key));
          writes.issue(summaries.delete(summaryKey(newest))); // its count, hence its key, changes
          writes.issue(summaries.add(summaryOf(newest.key, merged)));
          await writes.done();
          return;
        }
      }
      // Every chunk's `add` is issued before any summary's, in order: keys follow the batch's order.
      await Promise.all(
        splitBatch(records).map(async (part) => {
          const chunk = chunkOf(part);
          const key = await chunks.add(chunk);
          await summaries.add(summaryOf(key, chunk));
        }),
      );
    });
  }

  /**
   * Newest first, from just below `below` (the previous page's last record); `limit` matches and whether more
   * follow.
   */
  async query(filter: HistoryFilter, limit: number, below: ChunkPosition | undefined): Promise<HistoryPage> {
    const tx = this.db.transaction(['chunks', 'chunkIndex']);
    return transact(tx, async () => {
      const records: ErrorRecord[] = [];
      let last: ChunkPosition | undefined;
      for await (const [key, chunk] of newestFirst(tx, filter, below?.chunk ?? Infinity)) {
        const from = key === below?.chunk ? below.position : Infinity;
        for (const i of matchesNewestFirst(chunk, filter, from)) {
          // One more match exists: the page is full and the cursor points at its last record.
          if (records.length === limit) return { records, nextCursor: formatChunkCursor(last!) };
          records.push(chunk.records[i]!);
          last = { chunk: key, position: positionOf(chunk, i) };
        }
      }
      return { records };
    });
  }

  /**
   * By the summaries, never reading records where they tell: everything from the summaries' keys alone; else
   * each chunk by its count or one of its tallies, and only chunks they cannot answer for are read (several
   * listed criteria, or a time bound inside the chunk's span).
   */
  async count(filter: HistoryFilter): Promise<number> {
    const tx = this.db.transaction(['chunks', 'chunkIndex']);
    return transact(tx, async () => {
      let n = 0;
      if (
        LISTED_FIELDS.every((field) => filter[field] === undefined) &&
        filter.from === undefined &&
        filter.to === undefined
      ) {
        for (const [, count] of await tx.objectStore('chunkIndex').getAllKeys()) n += count;
        return n;
      }
      const unread: number[] = [];
      for (const summary of await summariesFor(tx, filter)) {
        const known = summaryCount(summary, filter);
        if (known === undefined) unread.push(summary.key);
        else n += known;
      }
      for await (const [, chunk] of readChunks(tx.objectStore('chunks'), each(unread)))
        n += countMatches(chunk, filter);
      return n;
    });
  }

  /**
   * Age first, then count, in one transaction: another tab's concurrent prune cannot make it remove too much.
   * Whole chunks go by their summaries; a chunk the limit cuts through is rewritten without its removed records.
   */
  async prune(retention: RetentionPolicy, now: number): Promise<number> {
    const tx = this.db.transaction(['chunks', 'chunkIndex'], 'readwrite');
    return transact(tx, async () => {
      const chunks = tx.objectStore('chunks');
      const summaries = tx.objectStore('chunkIndex');
      const writes = new Writes();
      const drop = (summary: ChunkSummary) => {
        writes.issue(chunks.delete(summary.key));
        writes.issue(summaries.delete(summaryKey(summary)));
      };
      /** Keeps the records `keep` accepts; resolves to how many went. */
      const rewrite = async (summary: ChunkSummary, keep: (record: ErrorRecord, i: number) => boolean) => {
        const chunk = await chunks.get(summary.key);
        if (!chunk) return 0;
        const kept = filterChunk(chunk, keep);
        if (kept) {
          writes.issue(chunks.put(kept, summary.key));
          writes.issue(summaries.delete(summaryKey(summary)));
          writes.issue(summaries.add(summaryOf(summary.key, kept)));
        } else {
          drop(summary);
        }
        return chunk.count - (kept?.count ?? 0);
      };

      let removed = 0;
      if (retention.maxAgeMs !== undefined) {
        const oldest = now - retention.maxAgeMs; // records from `oldest` on stay
        for (const summary of await summaries.index('minTs').getAll(IDBKeyRange.upperBound(oldest, true))) {
          if (summary.maxTs < oldest) {
            drop(summary);
            removed += summary.count;
          } else {
            removed += await rewrite(summary, (r) => r.timestamp >= oldest);
          }
        }
      }
      if (retention.maxRecords !== undefined) {
        // Requests run in order: this sees the removals above.
        const all = await summaries.getAll();
        let excess = all.reduce((n, s) => n + s.count, 0) - retention.maxRecords;
        let wholeUpTo: number | undefined; // keys are append order: the oldest chunks go whole
        for (const summary of all) {
          if (excess <= 0) break;
          if (summary.count <= excess) {
            wholeUpTo = summary.key;
            excess -= summary.count;
            removed += summary.count;
          } else {
            const oldestKept = excess;
            excess = 0;
            removed += await rewrite(summary, (_, i) => i >= oldestKept);
          }
        }
        if (wholeUpTo !== undefined) {
          writes.issue(chunks.delete(IDBKeyRange.upperBound(wholeUpTo)));
          writes.issue(summaries.delete(IDBKeyRange.upperBound([wholeUpTo, Infinity])));
        }
      }
      await writes.done();
      return removed;
    });
  }

  async saveBreakers(snapshots: readonly CircuitBreakerSnapshot[]): Promise<void> {
    const tx = this.db.transaction('breakers', 'readwrite');
    await transact(tx, async () => {
      await Promise.all(snapshots.map((s) => tx.store.put(s)));
    });
  }

  /** In key order, which is name order (both compare UTF-16 code units). */
  loadBreakers(): Promise<CircuitBreakerSnapshot[]> {
    const tx = this.db.transaction('breakers');
    return transact(tx, () => tx.store.getAll());
  }

  /** An empty `strict` transaction after the `relaxed` ones: it completes once they are on disk too. */
  async flush(): Promise<void> {
    await this.db.transaction(['chunks', 'chunkIndex', 'breakers', 'events'], 'readwrite', { durability: 'strict' })
      .done;
  }

  /** The newest `maxRecords` records (all by default), oldest first, and every snapshot: what a fallback keeps. */
  async readAll(maxRecords = Infinity): Promise<{ records: ErrorRecord[]; breakers: CircuitBreakerSnapshot[] }> {
    const tx = this.db.transaction(['chunks', 'breakers']);
    return transact(tx, async () => {
      const records: ErrorRecord[] = [];
      const chunks = tx.objectStore('chunks');
      if (maxRecords > 0) {
        for await (const [, chunk] of readChunks(chunks, cursorKeys(chunks.openKeyCursor(null, 'prev')))) {
          for (let i = chunk.records.length - 1; i >= 0 && records.length < maxRecords; i--)
            records.push(chunk.records[i]!);
          if (records.length >= maxRecords) break;
        }
      }
      return { records: records.reverse(), breakers: await tx.objectStore('breakers').getAll() };
    });
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Requests issued without waiting for each other. Each one's promise is observed as it is made: should a later
 * request throw (and the transaction abort), the earlier ones' rejections are not left unhandled.
 */
class Writes {
  readonly #pending: Promise<unknown>[] = [];

  issue(request: Promise<unknown>): void {
    request.catch(() => undefined);
    this.#pending.push(request);
  }

  async done(): Promise<void> {
    await Promise.all(this.#pending);
  }
}

/**
 * Runs `work` in `tx` and waits for the commit. Any failure aborts the transaction, so a batch or a prune
 * lands whole or not at all, and `tx.done` is always observed (an aborted transaction's unobserved `done`
 * would be an unhandled rejection).
 */
async function transact<T>(tx: { done: Promise<void>; abort(): void }, work: () => Promise<T>): Promise<T> {
  try {
    const [value] = await Promise.all([work(), tx.done]);
    return value;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw error;
  }
}
