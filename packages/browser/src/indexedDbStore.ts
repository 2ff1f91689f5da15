import {
  EventStream,
  isStoreError,
  memoryStore,
  StoreError,
  systemClock,
  type CircuitBreakerSnapshot,
  type Clock,
  type ErrorRecord,
  type EventPage,
  type EventQuery,
  type HistoryEvent,
  type HistoryFilter,
  type HistoryQuery,
  type HistoryStore,
  type MemoryStore,
  type RetentionPolicy,
  type Subscribable,
} from '@breakwater/core';
import { checkEvents, checkRecords, checkRetention, checkSnapshots, queryLimit } from '@breakwater/core/store-kit';
import { parseChunkCursor } from './chunkCursor.ts';
import type { HistoryDb } from './HistoryDb.ts';
import { HistoryDatabase } from './HistoryDatabase.ts';
import { badEventCursor, EventRows, parseEventCursor } from './EventRows.ts';
import { describeError, type FallbackReason, type IndexedDbStoreEvent } from './IndexedDbStoreEvent.ts';
import { openHistoryDb } from './openHistoryDb.ts';

export const INDEXEDDB_DRIVER = 'indexeddb';
export const DEFAULT_DB_NAME = 'breakwater';
export const DEFAULT_OPEN_TIMEOUT_MS = 5_000;

export interface IndexedDbStoreOptions {
  /** The database; tabs of one origin that name the same one share its history. Default `breakwater`. */
  dbName?: string;
  /** The store's own policy, applied by `prune()` without an argument. */
  retention?: RetentionPolicy;
  /** Time for retention by age, fallback events and the open timeout. Default: the system clock. */
  clock?: Clock;
  /** How long opening may take (an upgrade blocked by other tabs included) before falling back. Default 5000. */
  openTimeoutMs?: number;
  /** The IndexedDB to use. Default: `globalThis.indexedDB`, read when the store first opens, never at import. */
  indexedDB?: IDBFactory;
}

/** `pending` until the first call opens the database; `memory` for good once IndexedDB has failed. */
export type IndexedDbStoreMode = 'pending' | 'indexeddb' | 'memory';

export interface IndexedDbStore extends HistoryStore, Subscribable<IndexedDbStoreEvent> {
  appendEvents(events: readonly HistoryEvent[]): Promise<void>;
  queryEvents(query?: EventQuery): Promise<EventPage>;
  readonly driver: typeof INDEXEDDB_DRIVER;
  readonly dbName: string;
  readonly mode: IndexedDbStoreMode;
  /** Opens now instead of at the first call; resolves to where history goes. Rejects only once closed. */
  open(): Promise<Exclude<IndexedDbStoreMode, 'pending'>>;
  /** The raw handle: idb's connection while one is open, else undefined (before opening, after a fallback, or
   * while closed for another tab's upgrade until the next call reopens it). */
  readonly db: HistoryDb | undefined;
}

type Backend = { kind: 'indexeddb'; database: HistoryDatabase } | { kind: 'memory'; store: MemoryStore };

/**
 * History in IndexedDB, shared by every tab of the origin that opens the same `dbName`. Opens lazily (the
 * factory touches nothing). When IndexedDB is missing, refuses, stays blocked or fails a write, the store
 * moves to memory for good, keeping what it can still read, and emits one `store.fallback` event: calls keep
 * working and never reject because of IndexedDB. Bad input and calls after `close()` still reject, with the
 * same messages as every driver.
 *
 * Cursors name places in this database (`<chunk key>:<position>`), so a paging session that spans a fallback
 * starts over from the newest; the memory store's own cursors page as usual once there.
 */
export function indexedDbStore(options: IndexedDbStoreOptions = {}): IndexedDbStore {
  const driver = INDEXEDDB_DRIVER;
  const dbName = options.dbName ?? DEFAULT_DB_NAME;
  if (typeof dbName !== 'string' || dbName === '') throw optionError('dbName', 'a non-empty string', dbName);
  const openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  if (typeof openTimeoutMs !== 'number' || !(openTimeoutMs >= 0))
    throw optionError('openTimeoutMs', 'a number >= 0', openTimeoutMs);
  if (options.retention) checkRetention(driver, options.retention);
  const clock = options.clock ?? systemClock();
  const events = new EventStream<IndexedDbStoreEvent>();

  let mode: IndexedDbStoreMode = 'pending';
  let database: HistoryDatabase | undefined; // the open connection; undefined while none is
  let memory: MemoryStore | undefined;
  /** The open or fallback in progress: every call waits for it, so calls keep their order across a switch. */
  let settling: Promise<void> | undefined;
  let closed = false;

  const memoryOptions = { clock, ...(options.retention ? { retention: options.retention } : {}) };

  const ensureOpen = () => {
    if (closed) throw new StoreError(driver, 'store is closed');
  };
  const settle = (work: Promise<void>) => {
    const done = work
      .catch((error: unknown) => {
        // Last resort, for a bug rather than a platform failure: calls must still find somewhere to go.
        if (!memory && !database) useMemory(memoryStore(memoryOptions), 'failed', describeError(error), 0);
      })
      .finally(() => {
        if (settling === done) settling = undefined;
      });
    settling = done;
  };
  const useMemory = (store: MemoryStore, reason: FallbackReason, error: string, kept: number) => {
    memory = store;
    mode = 'memory';
    events.emit({ type: 'store.fallback', reason, error, kept, at: clock.now() });
  };

  /** Drops a connection another tab needs closed (or the browser closed): the next call opens a new one. */
  const release = (db: HistoryDb) => {
    if (database?.db === db) database = undefined;
    db.close();
  };

  async function connect(): Promise<void> {
    const result = await openHistoryDb({
      factory: () => options.indexedDB ?? globalThis.indexedDB,
      name: dbName,
      clock,
      timeoutMs: openTimeoutMs,
      onVersionChange: release,
      onTerminated: release,
    });
    if (!result.ok) return fallBack(result.reason, result.error);
    if (closed) return result.db.close();
    database = new HistoryDatabase(result.db);
    mode = 'indexeddb';
  }

  /** Moves to memory for good, carrying over what the connection (if any is left) can still read. */
  async function fallBack(reason: FallbackReason, error: string): Promise<void> {
    const from = database;
    database = undefined;
    const empty = { records: [], breakers: [] };
    const kept = from ? await from.readAll(options.retention?.maxRecords).catch(() => empty) : empty;
    const keptEvents = from ? await new EventRows(from.db).all().catch(() => []) : [];
    from?.close(); // so this tab blocks nobody's upgrade
    const store = memoryStore(memoryOptions);
    await store.append(kept.records);
    await store.appendEvents(keptEvents);
    await store.saveBreakers(kept.breakers);
    useMemory(store, reason, error, kept.records.length);
  }

  async function backend(): Promise<Backend> {
    for (;;) {
      ensureOpen();
      if (settling) await settling;
      else if (memory) return { kind: 'memory', store: memory };
      else if (database) return { kind: 'indexeddb', database };
      else settle(connect());
    }
  }

  /** Runs a call on IndexedDB, or on memory once fallen back; an IndexedDB failure switches and runs it again. */
  async function run<T>(
    onDb: (db: HistoryDatabase) => Promise<T>,
    onMemory: (store: MemoryStore) => Promise<T>,
  ): Promise<T> {
    let retried = false;
    for (;;) {
      const current = await backend();
      if (current.kind === 'memory') return onMemory(current.store);
      try {
        return await onDb(current.database);
      } catch (error) {
        if (isStoreError(error)) throw error; // the call's own fault (a foreign cursor), not IndexedDB's
        // The connection went away meanwhile (another tab's upgrade, the browser): once, try a new one.
        if (database !== current.database && !retried) {
          retried = true;
          continue;
        }
        if (!settling && !memory) settle(fallBack(reasonOf(error), describeError(error)));
      }
    }
  }

  return {
    driver,
    dbName,
    get mode() {
      return mode;
    },
    get db() {
      return database?.db;
    },
    subscribe: (listener) => events.subscribe(listener),
    async open() {
      const current = await backend();
      return current.kind;
    },
    async append(records: readonly ErrorRecord[]) {
      ensureOpen();
      checkRecords(driver, records);
      if (records.length === 0) return;
      const copies = plainCopy(records); // now: the caller may reuse its objects as soon as this returns
      await run(
        (db) => db.append(copies),
        (store) => store.append(copies),
      );
    },
    async query(query: HistoryQuery = {}) {
      ensureOpen();
      const limit = queryLimit(driver, query);
      // A cursor of this database, or of the memory store once fallen back; a page of the other kind cannot follow.
      const { cursor, ...fromNewest } = query;
      const below = parseChunkCursor(cursor);
      const memoryCursor = isMemoryCursor(cursor);
      if (cursor !== undefined && !below && !memoryCursor) throw badCursor(cursor);
      return run(
        async (db) => {
          if (memoryCursor) throw badCursor(cursor);
          return db.query(query, limit, below);
        },
        (store) => store.query(below ? fromNewest : query),
      );
    },
    async appendEvents(batch: readonly HistoryEvent[]) {
      ensureOpen();
      checkEvents(driver, batch);
      if (batch.length === 0) return;
      const copies = plainCopy(batch);
      await run(
        (db) => new EventRows(db.db).append(copies),
        (store) => store.appendEvents(copies),
      );
    },
    async queryEvents(query: EventQuery = {}) {
      ensureOpen();
      const limit = queryLimit(driver, query, 'queryEvents');
      const { cursor, ...fromNewest } = query;
      const below = parseEventCursor(cursor);
      const memoryCursor = isMemoryCursor(cursor);
      if (cursor !== undefined && below === undefined && !memoryCursor) throw badEventCursor(driver, cursor);
      return run(
        async (db) => {
          if (memoryCursor) throw badEventCursor(driver, cursor);
          return new EventRows(db.db).query(query, limit, below);
        },
        (store) => store.queryEvents(below !== undefined ? fromNewest : query),
      );
    },
    async count(filter: HistoryFilter = {}) {
      ensureOpen();
      return run(
        (db) => db.count(filter),
        (store) => store.count(filter),
      );
    },
    async prune(retention: RetentionPolicy = options.retention ?? {}) {
      ensureOpen();
      checkRetention(driver, retention);
      return run(
        async (db) =>
          (await db.prune(retention, clock.now())) + (await new EventRows(db.db).prune(retention, clock.now())),
        (store) => store.prune(retention),
      );
    },
    async saveBreakers(snapshots: readonly CircuitBreakerSnapshot[]) {
      ensureOpen();
      checkSnapshots(driver, snapshots);
      if (snapshots.length === 0) return;
      const copies = plainCopy(snapshots);
      await run(
        (db) => db.saveBreakers(copies),
        (store) => store.saveBreakers(copies),
      );
    },
    async loadBreakers() {
      ensureOpen();
      return run(
        (db) => db.loadBreakers(),
        (store) => store.loadBreakers(),
      );
    },
    async flush() {
      ensureOpen();
      await run(
        (db) => db.flush(),
        (store) => store.flush(),
      );
    },
    async close() {
      if (closed) return;
      if (database) await database.flush().catch(() => undefined);
      closed = true;
      await settling?.catch(() => undefined);
      database?.close();
      database = undefined;
      await memory?.close();
    },
  };
}

function reasonOf(error: unknown): FallbackReason {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'QuotaExceededError' ? 'quota-exceeded' : 'failed';
}

/** The memory store's cursors (a sequence number), which pages of a store that fell back carry. */
function isMemoryCursor(cursor: unknown): boolean {
  return typeof cursor === 'string' && /^\d{1,15}$/.test(cursor);
}

function badCursor(cursor: unknown): StoreError {
  return new StoreError(INDEXEDDB_DRIVER, `query: cursor ${JSON.stringify(cursor)} is not one of this store's`);
}

/** The same plain-data copy as the memory driver, so both keep exactly the same thing (no `undefined` fields). */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function optionError(option: string, expected: string, value: unknown): RangeError {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'object' && value !== null
        ? typeof value
        : String(value);
  return new RangeError(`${INDEXEDDB_DRIVER}: ${option} must be ${expected}, got ${shown}`);
}
