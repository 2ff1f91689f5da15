import type { CircuitBreakerSnapshot } from '../breaker/CircuitBreakerSnapshot.ts';
import type { ErrorRecord } from './ErrorRecord.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import { checkEvents, checkRecords, checkRetention, checkSnapshots, queryLimit } from './checkInput.ts';
import { eventInRange, type EventPage, type EventQuery, type HistoryEvent } from './HistoryEvent.ts';
import type { HistoryFilter, HistoryPage, HistoryQuery, HistoryStore, RetentionPolicy } from './HistoryStore.ts';
import { matchesFilter } from './matchesFilter.ts';
import { StoreError } from './StoreError.ts';

export const MEMORY_DRIVER = 'memory';

export interface MemoryStoreOptions {
  retention?: RetentionPolicy;
  clock?: Clock;
}

export interface MemoryStore extends HistoryStore {
  appendEvents(events: readonly HistoryEvent[]): Promise<void>;
  queryEvents(query?: EventQuery): Promise<EventPage>;
  /** The records held, oldest first (the raw handle). */
  readonly records: readonly ErrorRecord[];
}

/**
 * History in the process's memory: the default when no durable store is given, and the fallback of the
 * browser store when IndexedDB is unavailable. Records are copied in, so later changes by the caller don't leak.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const driver = MEMORY_DRIVER;
  const clock = options.clock ?? systemClock();
  if (options.retention) checkRetention(driver, options.retention);
  /** Append order; `seq` is each record's position ever, so cursors survive pruning. */
  let entries: Array<{ seq: number; record: ErrorRecord }> = [];
  let nextSeq = 0;
  /** Events apart from records, with their own positions (cursors), pruned by the same policy. */
  let events: Array<{ seq: number; event: HistoryEvent }> = [];
  let nextEventSeq = 0;
  const breakers = new Map<string, CircuitBreakerSnapshot>();
  let closed = false;

  const open = () => {
    if (closed) throw new StoreError(driver, 'store is closed');
  };
  const copy = <T>(value: T): T => structuredCloneish(value);

  return {
    driver,
    get records() {
      return entries.map((e) => e.record);
    },
    async append(records) {
      open();
      checkRecords(driver, records);
      for (const record of records) entries.push({ seq: nextSeq++, record: copy(record) });
    },
    async query(query: HistoryQuery = {}): Promise<HistoryPage> {
      open();
      const limit = queryLimit(driver, query);
      const before = query.cursor === undefined ? Infinity : Number(query.cursor);
      if (Number.isNaN(before))
        throw new StoreError(driver, `query: cursor ${JSON.stringify(query.cursor)} is not one of this store's`);
      const records: ErrorRecord[] = [];
      let lastSeq = 0;
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i]!;
        if (entry.seq >= before || !matchesFilter(entry.record, query)) continue;
        // One more match exists: the page is full and the cursor points just past its last record.
        if (records.length === limit) return { records, nextCursor: String(lastSeq) };
        records.push(copy(entry.record));
        lastSeq = entry.seq;
      }
      return { records };
    },
    async appendEvents(batch) {
      open();
      checkEvents(driver, batch);
      for (const event of batch) events.push({ seq: nextEventSeq++, event: copy(event) });
    },
    async queryEvents(query: EventQuery = {}): Promise<EventPage> {
      open();
      const limit = queryLimit(driver, query, 'queryEvents');
      const before = query.cursor === undefined ? Infinity : Number(query.cursor);
      if (Number.isNaN(before))
        throw new StoreError(driver, `queryEvents: cursor ${JSON.stringify(query.cursor)} is not one of this store's`);
      const page: HistoryEvent[] = [];
      let lastSeq = 0;
      for (let i = events.length - 1; i >= 0; i--) {
        const entry = events[i]!;
        if (entry.seq >= before || !eventInRange(entry.event, query)) continue;
        if (page.length === limit) return { events: page, nextCursor: String(lastSeq) };
        page.push(copy(entry.event));
        lastSeq = entry.seq;
      }
      return { events: page };
    },
    async count(filter: HistoryFilter = {}) {
      open();
      let n = 0;
      for (const e of entries) if (matchesFilter(e.record, filter)) n++;
      return n;
    },
    async prune(retention = options.retention ?? {}) {
      open();
      checkRetention(driver, retention);
      const before = entries.length + events.length;
      if (retention.maxAgeMs !== undefined) {
        const oldest = clock.now() - retention.maxAgeMs;
        entries = entries.filter((e) => e.record.timestamp >= oldest);
        events = events.filter((e) => e.event.at >= oldest);
      }
      if (retention.maxRecords !== undefined) {
        if (entries.length > retention.maxRecords) entries = entries.slice(entries.length - retention.maxRecords);
        if (events.length > retention.maxRecords) events = events.slice(events.length - retention.maxRecords);
      }
      return before - entries.length - events.length;
    },
    async saveBreakers(snapshots) {
      open();
      checkSnapshots(driver, snapshots);
      for (const s of snapshots) breakers.set(s.name, copy(s));
    },
    async loadBreakers() {
      open();
      return [...breakers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(copy);
    },
    async flush() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}

/** Plain-data deep copy (records and snapshots are JSON-shaped by contract). */
function structuredCloneish<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
