// The one contract every HistoryStore driver passes (memory, file, IndexedDB under fake-indexeddb and in real
// Chromium), the way unstorage's drivers share `testDriver`. It is a plain list of async checks, so vitest runs
// it (`runContractWithVitest`) and so does a browser page with no test runner (test/e2e).
import type {
  CircuitBreakerSnapshot,
  ErrorRecord,
  HistoryEvent,
  HistoryStore,
  RetentionPolicy,
} from '@breakwater/core';
import { supportsEvents, type EventStore } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { equal, rejects } from './check.ts';

export const T0 = 1_700_000_000_000;

export interface ContractTarget {
  /** A fresh, empty store on `clock`, with `retention` as its own policy when given. */
  create(options: { clock: ManualClock; retention?: RetentionPolicy }): Promise<HistoryStore>;
  /** For durable drivers: opens the same storage again after `store.close()`. */
  reopen?(options: { clock: ManualClock }): Promise<HistoryStore>;
}

export interface ContractCase {
  name: string;
  run(target: ContractTarget): Promise<void>;
}

const components = ['kraken', 'binance', 'coinbase'] as const;
const categories = ['network', 'api', 'data'] as const;
const severities = ['medium', 'high', 'low'] as const;

/** Record `i`: one second apart, cycling through components, categories and severities. */
export function record(i: number, overrides: Partial<ErrorRecord> = {}): ErrorRecord {
  return {
    id: `r${i}`,
    operation: i % 2 === 0 ? 'fetch_ticker' : 'create_order',
    component: components[i % 3]!,
    category: categories[i % 3]!,
    severity: severities[i % 3]!,
    retryable: i % 2 === 0,
    retryCount: i % 4,
    maxRetries: 3,
    timestamp: T0 + i * 1000,
    name: 'NetworkError',
    message: `failure number ${i}`,
    fingerprint: `fp${i % 5}`,
    metadata: { i, symbol: 'BTC/USD', nested: { list: [1, 'two', null], flag: true } },
    ...overrides,
  };
}

export function snapshot(name: string, state: CircuitBreakerSnapshot['state'], at: number): CircuitBreakerSnapshot {
  return {
    version: 1,
    name,
    state,
    isolated: false,
    failureCount: state === 'CLOSED' ? 0 : 5,
    openedAt: state === 'CLOSED' ? null : at,
    totalRequests: 10,
    successfulRequests: 5,
    failedRequests: 5,
    rejectedRequests: 1,
    lastFailureTime: at,
    lastSuccessTime: null,
    savedAt: at,
  };
}

const breakerStates = ['CLOSED', 'OPEN', 'HALF_OPEN'] as const;

/**
 * Event `i`: one second apart (half a second after record `i`); every third a mode switch, the rest breaker
 * transitions.
 */
export function historyEvent(i: number): HistoryEvent {
  const at = T0 + i * 1000 + 500;
  if (i % 3 === 2)
    return {
      type: 'mode.changed',
      from: i % 2 === 0 ? 'live' : 'paper',
      to: i % 2 === 0 ? 'paper' : 'live',
      reason: `switch ${i}`,
      at,
    };
  return {
    type: 'breaker.state',
    name: components[i % 3]!,
    from: breakerStates[i % 3]!,
    to: breakerStates[(i + 1) % 3]!,
    at,
    reason: 'failure-threshold',
  };
}

/** Every Breakwater driver keeps events: the contract holds them to it. */
function eventStore(store: HistoryStore): EventStore {
  if (!supportsEvents(store)) throw new Error(`${store.driver}: appendEvents/queryEvents missing`);
  return store;
}

/** Every page of an event query, following cursors. */
async function allEventPages(store: EventStore, query: Parameters<EventStore['queryEvents']>[0] = {}) {
  const pages: HistoryEvent[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryEvents(cursor === undefined ? query : { ...query, cursor });
    pages.push(page.events);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('queryEvents: cursors never end');
  } while (cursor !== undefined);
  return pages;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);

async function fresh(target: ContractTarget, retention?: RetentionPolicy) {
  const clock = new ManualClock(T0);
  const options: { clock: ManualClock; retention?: RetentionPolicy } = { clock };
  if (retention) options.retention = retention;
  return { clock, store: await target.create(options) };
}

/** Every page of a query, following cursors. */
async function allPages(store: HistoryStore, query: Parameters<HistoryStore['query']>[0] = {}) {
  const pages: ErrorRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? query : { ...query, cursor });
    pages.push(page.records);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('query: cursors never end');
  } while (cursor !== undefined);
  return pages;
}

export const historyStoreContract: ContractCase[] = [
  {
    name: 'round-trips records exactly, newest first',
    async run(target) {
      const { store } = await fresh(target);
      const all = range(3).map((i) => record(i));
      await store.append(all.slice(0, 2));
      await store.append(all.slice(2));
      equal((await store.query()).records, [...all].reverse(), 'query()');
      equal((await store.query()).nextCursor, undefined, 'nextCursor of the only page');
      await store.close();
    },
  },
  {
    name: 'an empty batch is a no-op, and an empty store answers empty',
    async run(target) {
      const { store } = await fresh(target);
      await store.append([]);
      equal(await store.count(), 0, 'count()');
      equal(await store.query(), { records: [] }, 'query()');
      equal(await store.loadBreakers(), [], 'loadBreakers()');
      await store.close();
    },
  },
  {
    name: 'pages with limit and cursor cover every match exactly once',
    async run(target) {
      const { store } = await fresh(target);
      await store.append(range(25).map((i) => record(i)));
      const pages = await allPages(store, { limit: 10 });
      equal(
        pages.map((p) => p.length),
        [10, 10, 5],
        'page sizes',
      );
      equal(
        ids(pages.flat()),
        range(25)
          .reverse()
          .map((i) => `r${i}`),
        'ids over all pages',
      );
      await store.close();
    },
  },
  {
    name: 'a cursor stays valid while newer records arrive',
    async run(target) {
      const { store } = await fresh(target);
      await store.append(range(5).map((i) => record(i)));
      const first = await store.query({ limit: 2 });
      equal(ids(first.records), ['r4', 'r3'], 'first page');
      await store.append(range(3).map((i) => record(100 + i)));
      const second = await store.query({ limit: 2, cursor: first.nextCursor! });
      equal(ids(second.records), ['r2', 'r1'], 'second page');
      await store.close();
    },
  },
  {
    name: 'filters by component, category, severity, fingerprint and time, in query and count alike',
    async run(target) {
      const { store } = await fresh(target);
      await store.append(range(30).map((i) => record(i)));
      const cases: Array<[Parameters<HistoryStore['count']>[0], number[]]> = [
        [{ component: 'binance' }, range(30).filter((i) => i % 3 === 1)],
        [{ category: 'data' }, range(30).filter((i) => i % 3 === 2)],
        [{ severity: 'medium' }, range(30).filter((i) => i % 3 === 0)],
        [{ fingerprint: 'fp3' }, range(30).filter((i) => i % 5 === 3)],
        [{ from: T0 + 10_000, to: T0 + 15_000 }, [10, 11, 12, 13, 14]],
        [{ component: 'kraken', fingerprint: 'fp0', from: T0 + 1 }, [15]],
        [{ component: 'nobody' }, []],
      ];
      for (const [filter, expected] of cases) {
        const label = JSON.stringify(filter);
        equal(
          ids((await allPages(store, { ...filter, limit: 4 })).flat()),
          expected.reverse().map((i) => `r${i}`),
          `query ${label}`,
        );
        equal(await store.count(filter), expected.length, `count ${label}`);
      }
      equal(await store.count(), 30, 'count()');
      await store.close();
    },
  },
  {
    name: 'prune keeps the newest maxRecords and reports how many it removed',
    async run(target) {
      const { store } = await fresh(target);
      await store.append(range(10).map((i) => record(i)));
      equal(await store.prune({ maxRecords: 4 }), 6, 'removed');
      equal(ids((await store.query()).records), ['r9', 'r8', 'r7', 'r6'], 'kept');
      equal(await store.prune({ maxRecords: 4 }), 0, 'removed again');
      await store.close();
    },
  },
  {
    name: 'prune drops records older than maxAgeMs by the store clock',
    async run(target) {
      const { store, clock } = await fresh(target);
      await store.append(range(10).map((i) => record(i)));
      clock.set(T0 + 20_000);
      equal(await store.prune({ maxAgeMs: 15_000 }), 5, 'removed'); // keeps timestamps >= T0 + 5000
      equal(await store.count(), 5, 'left');
      equal(ids((await store.query({ limit: 1 })).records), ['r9'], 'newest');
      await store.close();
    },
  },
  {
    name: "prune() without an argument applies the store's own retention",
    async run(target) {
      const { store } = await fresh(target, { maxRecords: 3 });
      await store.append(range(5).map((i) => record(i)));
      equal(await store.prune(), 2, 'removed');
      equal(await store.count(), 3, 'left');
      await store.close();
    },
  },
  {
    name: 'saves breaker snapshots, keeps the latest per name, loads them in name order',
    async run(target) {
      const { store } = await fresh(target);
      await store.saveBreakers([snapshot('kraken', 'OPEN', T0), snapshot('binance', 'CLOSED', T0)]);
      await store.saveBreakers([snapshot('kraken', 'HALF_OPEN', T0 + 5)]);
      equal(
        await store.loadBreakers(),
        [snapshot('binance', 'CLOSED', T0), snapshot('kraken', 'HALF_OPEN', T0 + 5)],
        'loadBreakers()',
      );
      await store.close();
    },
  },
  {
    name: 'keeps a copy: changing a record after append changes nothing stored',
    async run(target) {
      const { store } = await fresh(target);
      const r = record(1);
      await store.append([r]);
      (r.metadata as { symbol: string }).symbol = 'ETH/USD';
      r.message = 'changed';
      equal((await store.query()).records, [record(1)], 'stored record');
      await store.close();
    },
  },
  {
    name: "rejects bad input with messages that start with the driver's name",
    async run(target) {
      const { store } = await fresh(target);
      const d = store.driver;
      await rejects(
        store.append('x' as never),
        `${d}: append needs an array of error records, got string`,
        'append("x")',
      );
      await rejects(
        store.append([{ ...record(1), id: 7 } as never]),
        `${d}: append: records[0].id must be a string, got number`,
        'append bad id',
      );
      await rejects(
        store.query({ limit: 0 }),
        `${d}: query: limit must be an integer from 1 to 1000, got 0`,
        'limit 0',
      );
      await rejects(
        store.query({ cursor: '%%%' }),
        new RegExp(`^${d}: query: cursor "%%%" is not one of this store's`),
        'bad cursor',
      );
      await rejects(
        store.prune({ maxRecords: -1 }),
        `${d}: retention.maxRecords must be a non-negative integer, got -1`,
        'prune -1',
      );
      equal(await store.count(), 0, 'nothing stored by bad calls');
      await store.close();
    },
  },
  {
    name: 'after close() every call rejects',
    async run(target) {
      const { store } = await fresh(target);
      await store.close();
      const d = store.driver;
      await rejects(store.append([record(1)]), `${d}: store is closed`, 'append');
      await rejects(store.query(), `${d}: store is closed`, 'query');
      await rejects(store.saveBreakers([]), `${d}: store is closed`, 'saveBreakers');
    },
  },
  {
    name: 'events: round-trip exactly, newest first, apart from records; pages and time ranges',
    async run(target) {
      const { store: plain } = await fresh(target);
      const store = eventStore(plain);
      equal(await store.queryEvents(), { events: [] }, 'queryEvents() of an empty store');
      await store.append(range(3).map((i) => record(i)));
      await store.appendEvents(range(4).map((i) => historyEvent(i)));
      await store.appendEvents([]);
      await store.appendEvents(
        range(8)
          .slice(4)
          .map((i) => historyEvent(i)),
      );
      equal(
        (await store.queryEvents()).events,
        range(8)
          .reverse()
          .map((i) => historyEvent(i)),
        'queryEvents()',
      );
      equal(await store.count(), 3, 'records are not events');
      equal(ids((await store.query()).records), ['r2', 'r1', 'r0'], 'records after events');
      const pages = await allEventPages(store, { limit: 3 });
      equal(
        pages.map((p) => p.length),
        [3, 3, 2],
        'page sizes',
      );
      equal(
        pages.flat(),
        range(8)
          .reverse()
          .map((i) => historyEvent(i)),
        'events over all pages',
      );
      // at = T0 + i * 1000 + 500: from T0 + 2500 (inclusive) to T0 + 5500 (exclusive) is events 2, 3, 4.
      equal(
        (await allEventPages(store, { from: T0 + 2500, to: T0 + 5500, limit: 2 })).flat(),
        [4, 3, 2].map((i) => historyEvent(i)),
        'time range',
      );
      equal((await store.queryEvents({ from: T0 + 100_000 })).events, [], 'range after every event');
      await store.close();
    },
  },
  {
    name: 'events: a cursor stays valid while newer events arrive; bad input and closed stores are refused',
    async run(target) {
      const { store: plain } = await fresh(target);
      const store = eventStore(plain);
      await store.appendEvents(range(5).map((i) => historyEvent(i)));
      const first = await store.queryEvents({ limit: 2 });
      equal(first.events, [historyEvent(4), historyEvent(3)], 'first page');
      await store.appendEvents([historyEvent(10)]);
      equal(
        (await store.queryEvents({ limit: 2, cursor: first.nextCursor! })).events,
        [historyEvent(2), historyEvent(1)],
        'second page',
      );
      const d = store.driver;
      await rejects(
        store.appendEvents('x' as never),
        `${d}: appendEvents needs an array of events, got string`,
        'appendEvents("x")',
      );
      await rejects(
        store.appendEvents([{ ...historyEvent(0), type: 'breaker.call' } as never]),
        `${d}: appendEvents: events[0].type must be one of breaker.state, mode.changed, got "breaker.call"`,
        'appendEvents bad type',
      );
      await rejects(
        store.appendEvents([{ ...historyEvent(0), at: Number.NaN }]),
        `${d}: appendEvents: events[0].at must be a finite number, got NaN`,
        'bad at',
      );
      await rejects(
        store.queryEvents({ limit: 1001 }),
        `${d}: queryEvents: limit must be an integer from 1 to 1000, got 1001`,
        'limit 1001',
      );
      await rejects(
        store.queryEvents({ cursor: '%%%' }),
        new RegExp(`^${d}: queryEvents: cursor "%%%" is not one of this store's`),
        'bad cursor',
      );
      equal((await store.queryEvents()).events.length, 6, 'nothing stored by bad calls');
      await store.close();
      await rejects(store.appendEvents([historyEvent(1)]), `${d}: store is closed`, 'appendEvents after close');
      await rejects(store.queryEvents(), `${d}: store is closed`, 'queryEvents after close');
    },
  },
  {
    name: 'events: retention applies to them too, by count and by age, each kind on its own',
    async run(target) {
      const { store: plain, clock } = await fresh(target);
      const store = eventStore(plain);
      await store.append(range(3).map((i) => record(i)));
      await store.appendEvents(range(10).map((i) => historyEvent(i)));
      equal(await store.prune({ maxRecords: 4 }), 6, 'removed by count: 6 events, no record');
      equal(
        (await store.queryEvents()).events,
        [9, 8, 7, 6].map((i) => historyEvent(i)),
        'newest 4 events kept',
      );
      equal(await store.count(), 3, 'records kept');
      clock.set(T0 + 20_000);
      // Keeps what is >= T0 + 12 000: events at T0 + 6500 … 9500 and records at T0 … T0 + 2000 all go.
      equal(await store.prune({ maxAgeMs: 8_000 }), 7, 'removed by age: 4 events, 3 records');
      equal(await store.queryEvents(), { events: [] }, 'events after age prune');
      await store.close();
    },
  },
  {
    name: "events: prune() without an argument applies the store's own retention to them",
    async run(target) {
      const { store: plain } = await fresh(target, { maxRecords: 2 });
      const store = eventStore(plain);
      await store.appendEvents(range(5).map((i) => historyEvent(i)));
      equal(await store.prune(), 3, 'removed');
      equal((await store.queryEvents()).events, [historyEvent(4), historyEvent(3)], 'kept');
      await store.close();
    },
  },
  {
    name: 'durable drivers: records, events and breaker snapshots survive closing and reopening',
    async run(target) {
      if (!target.reopen) return;
      const { store } = await fresh(target);
      await store.append(range(12).map((i) => record(i)));
      await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
      await eventStore(store).appendEvents(range(7).map((i) => historyEvent(i)));
      await store.flush();
      await store.close();
      const again = await target.reopen({ clock: new ManualClock(T0 + 60_000) });
      equal(
        (await allEventPages(eventStore(again), { limit: 3 })).flat(),
        range(7)
          .reverse()
          .map((i) => historyEvent(i)),
        'events after reopen',
      );
      equal(
        ids((await allPages(again, { limit: 5 })).flat()),
        range(12)
          .reverse()
          .map((i) => `r${i}`),
        'records after reopen',
      );
      equal((await again.query({ limit: 1 })).records, [record(11)], 'newest record, exactly');
      equal(await again.loadBreakers(), [snapshot('kraken', 'OPEN', T0)], 'breakers after reopen');
      await again.append([record(12)]);
      equal(await again.count(), 13, 'appending after reopen');
      await eventStore(again).appendEvents([historyEvent(7)]);
      equal(
        (await eventStore(again).queryEvents({ limit: 2 })).events,
        [historyEvent(7), historyEvent(6)],
        'appending events after reopen',
      );
      await again.close();
    },
  },
];
