import type { CircuitBreakerSnapshot } from '../breaker/CircuitBreakerSnapshot.ts';
import type { ErrorCategory } from '../classify/ErrorCategory.ts';
import type { ErrorSeverity } from '../classify/ErrorSeverity.ts';
import type { ErrorRecord } from './ErrorRecord.ts';
import type { EventPage, EventQuery, HistoryEvent } from './HistoryEvent.ts';

/** Which records a query or count is about; every criterion given must hold. */
export interface HistoryFilter {
  /** `timestamp >= from` (epoch ms). */
  from?: number;
  /** `timestamp < to` (epoch ms). */
  to?: number;
  component?: string;
  category?: ErrorCategory;
  severity?: ErrorSeverity;
  fingerprint?: string;
}

export interface HistoryQuery extends HistoryFilter {
  /** Records per page, 1-1000. Default 100. */
  limit?: number;
  /** `nextCursor` of the previous page; opaque. */
  cursor?: string;
}

/** Newest first: the reverse of the order the store received them (append order). */
export interface HistoryPage {
  records: ErrorRecord[];
  /** Present when more records match: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** Applies to records and events alike, each counted on its own (`maxRecords` records and `maxRecords` events). */
export interface RetentionPolicy {
  /** Keep at most this many records (the newest), and at most this many events. */
  maxRecords?: number;
  /** Drop records whose `timestamp` (events whose `at`) is older than this, by the store's clock. */
  maxAgeMs?: number;
}

/**
 * Where error history and breaker state outlive the process. Small and async on purpose: a driver is a
 * factory returning this object (`memoryStore()`, `fileStore()`, `indexedDbStore()`), every one passes the same
 * contract suite (`test/contract/historyStoreContract.ts`), and its errors start with its `driver` name.
 * The handler never waits on a store in the caller's path: it writes in batches from a bounded queue.
 */
export interface HistoryStore {
  /** The driver's name, e.g. `memory`, `file`, `indexeddb`: prefixes its error messages. */
  readonly driver: string;
  /** Stores a batch; resolved once the batch is accepted (durable as the driver's `flush` says). */
  append(records: readonly ErrorRecord[]): Promise<void>;
  /** Matching records, newest first, a page at a time. */
  query(query?: HistoryQuery): Promise<HistoryPage>;
  count(filter?: HistoryFilter): Promise<number>;
  /**
   * Applies `retention` (default: the store's own policy, if any) to records and events; resolves to the number
   * of records and events removed.
   */
  prune(retention?: RetentionPolicy): Promise<number>;
  /**
   * Stores breaker transitions and mode switches (see `HistoryEvent`). Optional for third-party stores: every
   * Breakwater driver has both event methods, and the handler persists events only to a store that has them
   * (`supportsEvents`); a store with one of the two is refused when the handler is built.
   */
  appendEvents?(events: readonly HistoryEvent[]): Promise<void>;
  /** Matching events, newest first, a page at a time. */
  queryEvents?(query?: EventQuery): Promise<EventPage>;
  /** Saves breaker snapshots, replacing earlier ones of the same name. */
  saveBreakers(snapshots: readonly CircuitBreakerSnapshot[]): Promise<void>;
  /** The latest snapshot of every breaker saved, in name order. */
  loadBreakers(): Promise<CircuitBreakerSnapshot[]>;
  /** Resolves when everything accepted so far is as durable as the driver can make it. */
  flush(): Promise<void>;
  /** Flushes and releases the store; every later call rejects with `<driver>: store is closed`. */
  close(): Promise<void>;
}

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 1000;

/** A store that keeps events too. */
export type EventStore = HistoryStore & Required<Pick<HistoryStore, 'appendEvents' | 'queryEvents'>>;

/**
 * Whether `store` keeps breaker transitions and mode switches. Throws when it has only one of the two event
 * methods: half a capability is a broken driver, better found when the handler is built than at the incident.
 */
export function supportsEvents(store: HistoryStore): store is EventStore {
  const append = typeof store.appendEvents === 'function';
  const query = typeof store.queryEvents === 'function';
  if (append !== query) {
    throw new TypeError(
      `${store.driver}: a history store needs both appendEvents and queryEvents, or neither; ` +
        `it has only ${append ? 'appendEvents' : 'queryEvents'}`,
    );
  }
  return append;
}
