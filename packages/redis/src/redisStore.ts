import { randomUUID } from 'node:crypto';
import {
  EventStream,
  StoreError,
  systemClock,
  type CircuitBreakerSnapshot,
  type Clock,
  type ErrorRecord,
  type EventPage,
  type EventQuery,
  type HistoryEvent,
  type HistoryFilter,
  type HistoryPage,
  type HistoryQuery,
  type HistoryStore,
  type RetentionPolicy,
  type Unsubscribe,
} from '@breakwater/core';
import {
  checkEvents,
  checkRecords,
  checkRetention,
  checkSnapshots,
  eventInRange,
  matchesFilter,
  queryLimit,
} from '@breakwater/core/store-kit';
import { AppendBuffer } from './AppendBuffer.ts';
import { appendScript } from './appendScript.ts';
import { runScript } from './LuaScript.ts';
import { checkRedisOptions } from './redisOptions.ts';
import { DEFAULT_REDIS_TIMEOUT_MS, openRedisLink, sendWithin, type RedisTarget } from './RedisConnection.ts';
import type { RedisStoreEvent } from './RedisStoreEvent.ts';

export const REDIS_DRIVER = 'redis';

export interface RedisStoreOptions extends RedisTarget {
  /**
   * Prefix of every key: `<prefix>:history` (the stream), `<prefix>:breakers` (a hash), `<prefix>:events` (a
   * second stream: breaker transitions and mode switches). Default `breakwater`.
   */
  keyPrefix?: string;
  /** The store's own policy, applied by `prune()` (e.g. by the handler's writer). */
  retention?: RetentionPolicy;
  clock?: Clock;
  /** Longest any call waits on one Redis command. Default 250 ms. */
  timeoutMs?: number;
  /** Records kept while Redis is unavailable; past it the oldest are dropped and counted. Default 10 000. */
  maxBuffered?: number;
  /** Wait between tries to write buffered records, on `clock`. Default 1000 ms. */
  retryIntervalMs?: number;
}

export interface RedisStoreStats {
  /** Accepted, not yet in Redis. */
  buffered: number;
  written: number;
  dropped: number;
}

export interface RedisStore extends HistoryStore {
  /** Events about Redis trouble (see `RedisStoreEvent`); returns the way to stop. */
  subscribe(listener: (event: RedisStoreEvent) => void): Unsubscribe;
  stats(): RedisStoreStats;
  /** The keys it uses (the raw handle, e.g. for `XINFO` or a fleet view). */
  readonly keys: { readonly history: string; readonly breakers: string; readonly events: string };
  /**
   * Writes at once (not buffered: events are few, and the handler's writer keeps a failed batch and tries it
   * again); at most once, like record batches.
   */
  appendEvents(events: readonly HistoryEvent[]): Promise<void>;
  queryEvents(query?: EventQuery): Promise<EventPage>;
}

const CURSOR = /^\d{1,20}-\d{1,20}$/;
/** How long the server remembers a batch id, so a resent batch is not written twice. */
const BATCH_MARKER_TTL_MS = 600_000;
const SCAN_CHUNK = 500;

type StreamEntry = [id: string, fields: string[]];

/**
 * History on a Redis Stream, shared by every process of a fleet. Appends are acknowledged once buffered: a
 * batch goes out as one script call (one round trip, atomic, at most once); when Redis is down or slow the
 * batches wait in a bounded buffer and are written when it answers again, so no caller waits on Redis longer
 * than `timeoutMs`. Queries read the stream newest first (`XREVRANGE`) and filter here; they see what is in
 * Redis, not what is still buffered.
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  const driver = REDIS_DRIVER;
  const { timeoutMs, maxBuffered, retryIntervalMs, keyPrefix } = checkRedisOptions('redisStore', {
    timeoutMs: options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    maxBuffered: options.maxBuffered ?? 10_000,
    retryIntervalMs: options.retryIntervalMs ?? 1000,
    keyPrefix: options.keyPrefix ?? 'breakwater',
  });
  if (options.retention) checkRetention(driver, options.retention);
  const clock = options.clock ?? systemClock();
  const link = openRedisLink('redisStore', options);
  const keys = {
    history: `${keyPrefix}:history`,
    breakers: `${keyPrefix}:breakers`,
    lastMs: `${keyPrefix}:history:last-ms`,
    events: `${keyPrefix}:events`,
    eventsLastMs: `${keyPrefix}:events:last-ms`,
  };
  const events = new EventStream<RedisStoreEvent>();
  const buffer = new AppendBuffer(maxBuffered);
  const stats = { written: 0, dropped: 0 };
  let writing: Promise<void> | undefined;
  let available = true;
  let writtenSinceUnavailable = 0;
  let closed = false;
  const stopRetrying = new AbortController();

  const open = () => {
    if (closed) throw new StoreError(driver, 'store is closed');
  };
  const call = (args: string[]) => sendWithin(link.sender, timeoutMs, args);
  const failed = (what: string, error: unknown) =>
    new StoreError(driver, `${what}: Redis failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });

  /** Writes buffered batches in order, one at a time; rejects at the first failure (the batch stays). */
  const drain = (): Promise<void> =>
    (writing ??= (async () => {
      try {
        for (let batch = buffer.head; batch; batch = buffer.head) {
          await runScript(
            link.sender,
            timeoutMs,
            appendScript,
            [keys.history, keys.lastMs, `${keyPrefix}:batch:${batch.id}`],
            [String(BATCH_MARKER_TTL_MS), ...batch.args],
          );
          const n = buffer.shift();
          stats.written += n;
          if (!available) writtenSinceUnavailable += n;
        }
        if (!available) {
          available = true;
          events.emit({ type: 'redis-restored', written: writtenSinceUnavailable });
        }
      } finally {
        writing = undefined;
      }
    })());

  const markUnavailable = (error: unknown) => {
    if (!available || closed) return;
    available = false;
    writtenSinceUnavailable = 0;
    events.emit({ type: 'redis-unavailable', buffered: buffer.records, error });
    void retryLater();
  };
  const retryLater = async (): Promise<void> => {
    while (!available && !closed) {
      try {
        await clock.sleep(retryIntervalMs, stopRetrying.signal);
      } catch {
        return; // closed
      }
      await drain().catch(() => undefined);
    }
  };

  const scan = async (
    what: string,
    filter: HistoryFilter,
    first: { start: string; end: string },
    visit: (entry: StreamEntry, record: ErrorRecord) => boolean,
  ): Promise<void> => {
    // Newest first; ids are >= the records' timestamps, so a `from` bound can start the scan.
    let end = first.end;
    for (;;) {
      let entries: StreamEntry[];
      try {
        entries = (await call([
          'XREVRANGE',
          keys.history,
          end,
          first.start,
          'COUNT',
          String(SCAN_CHUNK),
        ])) as StreamEntry[];
      } catch (error) {
        throw failed(what, error);
      }
      for (const entry of entries) {
        const record = JSON.parse(entry[1][1]!) as ErrorRecord;
        if (matchesFilter(record, filter) && !visit(entry, record)) return;
      }
      if (entries.length < SCAN_CHUNK) return;
      end = `(${entries[entries.length - 1]![0]}`;
    }
  };
  const startOf = (filter: HistoryFilter) =>
    filter.from !== undefined && filter.from > 0 ? String(Math.floor(filter.from)) : '-';

  return {
    driver,
    keys: { history: keys.history, breakers: keys.breakers, events: keys.events },
    subscribe: (listener) => events.subscribe(listener),
    stats: () => ({ buffered: buffer.records, ...stats }),

    async append(records) {
      open();
      checkRecords(driver, records);
      if (records.length === 0) return;
      const args: string[] = [];
      for (const record of records)
        args.push(String(Math.max(0, Math.floor(record.timestamp))), JSON.stringify(record));
      const dropped = buffer.push(args, writing !== undefined);
      if (dropped > 0) {
        stats.dropped += dropped;
        events.emit({ type: 'records-dropped', count: dropped, total: stats.dropped });
      }
      // While Redis is away the retry loop writes; the caller only waits when it is expected to answer.
      if (available) await drain().catch(markUnavailable);
    },

    async query(query: HistoryQuery = {}): Promise<HistoryPage> {
      open();
      const limit = queryLimit(driver, query);
      let end = '+';
      if (query.cursor !== undefined) {
        if (typeof query.cursor !== 'string' || !CURSOR.test(query.cursor)) {
          throw new StoreError(
            driver,
            `query: cursor ${JSON.stringify(query.cursor)} is not one of this store's (a stream entry id)`,
          );
        }
        end = `(${query.cursor}`;
      }
      const records: ErrorRecord[] = [];
      let lastId = '';
      let more = false;
      await scan('query', query, { start: startOf(query), end }, ([id], record) => {
        if (records.length === limit) return !(more = true);
        records.push(record);
        lastId = id;
        return true;
      });
      return more ? { records, nextCursor: lastId } : { records };
    },

    async appendEvents(batch) {
      open();
      checkEvents(driver, batch);
      if (batch.length === 0) return;
      const args: string[] = [String(BATCH_MARKER_TTL_MS)];
      for (const event of batch) args.push(String(Math.max(0, Math.floor(event.at))), JSON.stringify(event));
      try {
        // The records' script on the events stream: ids never go backwards and are >= `at`, so MINID trims by time.
        await runScript(
          link.sender,
          timeoutMs,
          appendScript,
          [keys.events, keys.eventsLastMs, `${keyPrefix}:events-batch:${randomUUID()}`],
          args,
        );
      } catch (error) {
        throw failed('appendEvents', error);
      }
    },

    async queryEvents(query: EventQuery = {}): Promise<EventPage> {
      open();
      const limit = queryLimit(driver, query, 'queryEvents');
      let end = '+';
      if (query.cursor !== undefined) {
        if (typeof query.cursor !== 'string' || !CURSOR.test(query.cursor)) {
          throw new StoreError(
            driver,
            `queryEvents: cursor ${JSON.stringify(query.cursor)} is not one of this store's (a stream entry id)`,
          );
        }
        end = `(${query.cursor}`;
      }
      const start = query.from !== undefined && query.from > 0 ? String(Math.floor(query.from)) : '-';
      const events: HistoryEvent[] = [];
      let lastId = '';
      for (;;) {
        let entries: StreamEntry[];
        try {
          entries = (await call(['XREVRANGE', keys.events, end, start, 'COUNT', String(SCAN_CHUNK)])) as StreamEntry[];
        } catch (error) {
          throw failed('queryEvents', error);
        }
        for (const [id, fields] of entries) {
          const event = JSON.parse(fields[1]!) as HistoryEvent;
          if (!eventInRange(event, query)) continue;
          if (events.length === limit) return { events, nextCursor: lastId };
          events.push(event);
          lastId = id;
        }
        if (entries.length < SCAN_CHUNK) return { events };
        end = `(${entries[entries.length - 1]![0]}`;
      }
    },

    async count(filter: HistoryFilter = {}) {
      open();
      const any = Object.values(filter).some((v) => v !== undefined);
      if (!any) {
        try {
          return Number(await call(['XLEN', keys.history]));
        } catch (error) {
          throw failed('count', error);
        }
      }
      let n = 0;
      await scan('count', filter, { start: startOf(filter), end: '+' }, () => (n++, true));
      return n;
    },

    async prune(retention = options.retention ?? {}) {
      open();
      checkRetention(driver, retention);
      let removed = 0;
      try {
        // Records and events alike: both streams' ids are >= their entries' time.
        for (const stream of [keys.history, keys.events]) {
          if (retention.maxAgeMs !== undefined) {
            const minId = Math.max(0, Math.floor(clock.now() - retention.maxAgeMs));
            removed += Number(await call(['XTRIM', stream, 'MINID', String(minId)]));
          }
          if (retention.maxRecords !== undefined) {
            removed += Number(await call(['XTRIM', stream, 'MAXLEN', String(retention.maxRecords)]));
          }
        }
      } catch (error) {
        throw failed('prune', error);
      }
      return removed;
    },

    async saveBreakers(snapshots) {
      open();
      checkSnapshots(driver, snapshots);
      if (snapshots.length === 0) return;
      const args = ['HSET', keys.breakers];
      for (const s of snapshots) args.push(s.name, JSON.stringify(s));
      try {
        await call(args);
      } catch (error) {
        throw failed('saveBreakers', error);
      }
    },

    async loadBreakers() {
      open();
      let values: string[];
      try {
        values = (await call(['HVALS', keys.breakers])) as string[];
      } catch (error) {
        throw failed('loadBreakers', error);
      }
      return values
        .map((v) => JSON.parse(v) as CircuitBreakerSnapshot)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async flush() {
      open();
      try {
        await drain();
      } catch (error) {
        markUnavailable(error);
        throw new StoreError(
          driver,
          `flush: ${buffer.records} records still buffered: Redis failed: ${messageOf(error)}`,
          { cause: error },
        );
      }
    },

    async close() {
      if (closed) return;
      let lost = 0;
      let cause: unknown;
      await drain().catch((error: unknown) => {
        lost = buffer.records;
        cause = error;
      });
      closed = true;
      stopRetrying.abort();
      await link.close();
      if (lost > 0)
        throw new StoreError(
          driver,
          `close: ${lost} buffered records were not written: Redis failed: ${messageOf(cause)}`,
          { cause },
        );
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
