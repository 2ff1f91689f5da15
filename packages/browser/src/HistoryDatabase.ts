import { matchesFilter, type CircuitBreakerSnapshot, type ErrorRecord, type HistoryFilter, type HistoryPage, type RetentionPolicy } from '@breakwater/core';
import { unwrap, type IDBPCursorWithValue, type IDBPObjectStore } from 'idb';
import { EQUALITY_INDEXES, type EqualityIndex, type HistoryDb, type HistoryDbSchema } from './HistoryDbSchema.ts';

type RecordsStore<Mode extends IDBTransactionMode> = IDBPObjectStore<HistoryDbSchema, ['records'], 'records', Mode>;
type RecordCursor = IDBPCursorWithValue<HistoryDbSchema, ['records'], 'records', unknown, IDBTransactionMode>;

/**
 * The history operations on one open connection, each in one transaction, so it sees and leaves a consistent
 * state whatever other tabs do meanwhile. Nothing is cached between calls (no counts, no last key): other
 * tabs write to the same database, and whatever a tab remembered would go stale.
 * Input is already checked and copied by the store; failures reject, and the store decides what they mean.
 */
export class HistoryDatabase {
  constructor(readonly db: HistoryDb) {}

  /** One transaction per batch. Plain requests rather than idb's promise per `add`: `tx.done` reports any
   * failure, so a promise and two listeners per record would be pure overhead on the hottest path. */
  async append(records: readonly ErrorRecord[]): Promise<void> {
    // `relaxed`: the batch is committed when `done` resolves, but not flushed to disk; `flush()` does that.
    const tx = this.db.transaction('records', 'readwrite', { durability: 'relaxed' });
    await transact(tx, async () => {
      const raw = unwrap(tx.store);
      for (const record of records) raw.add(record);
    });
  }

  /** Newest first, from just below the `before` key; `limit` matches and whether more follow. */
  async query(filter: HistoryFilter, limit: number, before: number): Promise<HistoryPage> {
    const tx = this.db.transaction('records');
    return transact(tx, async () => {
      const records: ErrorRecord[] = [];
      let last = 0;
      for (let cursor = await newestFirst(tx.store, filter, before); cursor; cursor = await cursor.continue()) {
        if (!matchesFilter(cursor.value, filter)) continue;
        // One more match exists: the page is full and the cursor points just past its last record.
        if (records.length === limit) return { records, nextCursor: String(last) };
        records.push(cursor.value);
        last = cursor.primaryKey;
      }
      return { records };
    });
  }

  async count(filter: HistoryFilter): Promise<number> {
    const tx = this.db.transaction('records');
    return transact(tx, async () => {
      const named = EQUALITY_INDEXES.filter((field) => filter[field] !== undefined);
      const timed = filter.from !== undefined || filter.to !== undefined;
      // Answered by one index count where a single criterion is given, else by walking the best cursor.
      if (named.length === 0 && !timed) return tx.store.count();
      if (named.length === 0) {
        const range = timeRange(filter);
        if (range !== 'unusable') return range === 'empty' ? 0 : tx.store.index('timestamp').count(range);
      }
      const field = named[0];
      if (named.length === 1 && !timed && field && typeof filter[field] === 'string') {
        return tx.store.index(field).count(IDBKeyRange.only(filter[field]));
      }
      let n = 0;
      for (let cursor = await newestFirst(tx.store, filter, Infinity); cursor; cursor = await cursor.continue()) {
        if (matchesFilter(cursor.value, filter)) n++;
      }
      return n;
    });
  }

  /** Age first, then count, in one transaction: another tab's concurrent prune cannot make it remove too much. */
  async prune(retention: RetentionPolicy, now: number): Promise<number> {
    const tx = this.db.transaction('records', 'readwrite');
    return transact(tx, async () => {
      let removed = 0;
      if (retention.maxAgeMs !== undefined) {
        const expired = await tx.store.index('timestamp').getAllKeys(IDBKeyRange.upperBound(now - retention.maxAgeMs, true));
        await Promise.all(expired.map((key) => tx.store.delete(key)));
        removed += expired.length;
      }
      if (retention.maxRecords !== undefined) {
        const excess = (await tx.store.count()) - retention.maxRecords;
        if (excess > 0) {
          // Keys are append order: the oldest `excess` records are every key up to the excess-th one.
          let oldest = await tx.store.openKeyCursor();
          if (oldest && excess > 1) oldest = await oldest.advance(excess - 1);
          if (oldest) await tx.store.delete(IDBKeyRange.upperBound(oldest.primaryKey));
          removed += excess;
        }
      }
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
    await this.db.transaction(['records', 'breakers'], 'readwrite', { durability: 'strict' }).done;
  }

  /** The newest `maxRecords` records (all by default), oldest first, and every snapshot: what a fallback keeps. */
  async readAll(maxRecords = Infinity): Promise<{ records: ErrorRecord[]; breakers: CircuitBreakerSnapshot[] }> {
    const tx = this.db.transaction(['records', 'breakers']);
    return transact(tx, async () => {
      const records: ErrorRecord[] = [];
      const store = tx.objectStore('records');
      for (let cursor = await store.openCursor(null, 'prev'); cursor && records.length < maxRecords; cursor = await cursor.continue()) {
        records.push(cursor.value);
      }
      return { records: records.reverse(), breakers: await tx.objectStore('breakers').getAll() };
    });
  }

  close(): void {
    this.db.close();
  }
}

/**
 * A cursor over the records a filter may match, newest first, starting below `before`. The first equality
 * criterion with an index drives it (its index is ordered by seq within each value); without one, the keys do.
 */
async function newestFirst(store: RecordsStore<IDBTransactionMode>, filter: HistoryFilter, before: number): Promise<RecordCursor | null> {
  const field = EQUALITY_INDEXES.find((f: EqualityIndex) => typeof filter[f] === 'string');
  if (field === undefined) {
    return store.openCursor(Number.isFinite(before) ? IDBKeyRange.upperBound(before, true) : null, 'prev');
  }
  const value = filter[field]!;
  let cursor = await store.index(field).openCursor(IDBKeyRange.only(value), 'prev');
  // `prev` with continuePrimaryKey goes to the last entry at or before (value, key): key before - 1 is the first below the cursor.
  if (cursor && cursor.primaryKey >= before) cursor = await cursor.continuePrimaryKey(value, before - 1);
  return cursor;
}

/** The `timestamp` key range of a filter's `from`/`to`; `unusable` when they are not valid keys (NaN). */
function timeRange(filter: HistoryFilter): IDBKeyRange | 'empty' | 'unusable' {
  const { from, to } = filter;
  const valid = (t: number | undefined) => t === undefined || (typeof t === 'number' && !Number.isNaN(t));
  if (!valid(from) || !valid(to)) return 'unusable';
  if (from !== undefined && to !== undefined) return from < to ? IDBKeyRange.bound(from, to, false, true) : 'empty';
  return from !== undefined ? IDBKeyRange.lowerBound(from) : IDBKeyRange.upperBound(to, true);
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
