import type { BreakerStateEvent } from '../breaker/BreakerEvent.ts';
import type { ModeChangedEvent } from '../mode/ModeEvent.ts';

/**
 * What happened besides errors, kept with the error history: breaker transitions and trading-mode switches,
 * the same plain objects the handler emits. Stores keep them apart from the records (their own ordering,
 * paging and retention), so an incident's story outlives the process and a panel opened later can show it.
 */
export type HistoryEvent = BreakerStateEvent | ModeChangedEvent;

/** The event types a store accepts. */
export const HISTORY_EVENT_TYPES: readonly HistoryEvent['type'][] = ['breaker.state', 'mode.changed'];

export interface EventQuery {
  /** `at >= from` (epoch ms). */
  from?: number;
  /** `at < to` (epoch ms). */
  to?: number;
  /** Events per page, 1-1000. Default 100. */
  limit?: number;
  /** `nextCursor` of the previous page; opaque. */
  cursor?: string;
}

/** Newest first: the reverse of the order the store received them. */
export interface EventPage {
  events: HistoryEvent[];
  /** Present when more events match: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** The one definition of an event-range match, shared by every driver that filters in memory. */
export function eventInRange(event: HistoryEvent, query: EventQuery): boolean {
  return (query.from === undefined || event.at >= query.from) && (query.to === undefined || event.at < query.to);
}
