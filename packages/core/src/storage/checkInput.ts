import type { CircuitBreakerSnapshot } from '../breaker/CircuitBreakerSnapshot.ts';
import type { ErrorRecord } from './ErrorRecord.ts';
import { HISTORY_EVENT_TYPES, type EventQuery, type HistoryEvent } from './HistoryEvent.ts';
import { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, type HistoryQuery, type RetentionPolicy } from './HistoryStore.ts';
import { StoreError } from './StoreError.ts';

/** Checks at the driver's boundary, so every driver rejects bad input with the same words. */
export function checkRecords(driver: string, records: readonly ErrorRecord[]): void {
  if (!Array.isArray(records))
    throw new StoreError(driver, `append needs an array of error records, got ${typeof records}`);
  records.forEach((record, i) => {
    if (typeof record !== 'object' || record === null)
      throw new StoreError(driver, `append: records[${i}] is not an object`);
    if (typeof record.id !== 'string')
      throw new StoreError(driver, `append: records[${i}].id must be a string, got ${typeof record.id}`);
    if (!Number.isFinite(record.timestamp)) {
      throw new StoreError(
        driver,
        `append: records[${i}].timestamp must be a finite number, got ${String(record.timestamp)}`,
      );
    }
  });
}

export function checkEvents(driver: string, events: readonly HistoryEvent[]): void {
  if (!Array.isArray(events))
    throw new StoreError(driver, `appendEvents needs an array of events, got ${typeof events}`);
  events.forEach((event, i) => {
    if (typeof event !== 'object' || event === null)
      throw new StoreError(driver, `appendEvents: events[${i}] is not an object`);
    if (!HISTORY_EVENT_TYPES.includes(event.type)) {
      throw new StoreError(
        driver,
        `appendEvents: events[${i}].type must be one of ${HISTORY_EVENT_TYPES.join(', ')}, ` +
          `got ${JSON.stringify(event.type)}`,
      );
    }
    if (!Number.isFinite(event.at))
      throw new StoreError(driver, `appendEvents: events[${i}].at must be a finite number, got ${String(event.at)}`);
  });
}

export function queryLimit(driver: string, query: HistoryQuery | EventQuery | undefined, what = 'query'): number {
  const limit = query?.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new StoreError(
      driver,
      `${what}: limit must be an integer from 1 to ${MAX_QUERY_LIMIT}, got ${String(limit)}`,
    );
  }
  return limit;
}

export function checkRetention(driver: string, retention: RetentionPolicy): void {
  const { maxRecords, maxAgeMs } = retention;
  if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 0)) {
    throw new StoreError(driver, `retention.maxRecords must be a non-negative integer, got ${String(maxRecords)}`);
  }
  if (maxAgeMs !== undefined && (typeof maxAgeMs !== 'number' || !(maxAgeMs >= 0))) {
    throw new StoreError(driver, `retention.maxAgeMs must be a number >= 0, got ${String(maxAgeMs)}`);
  }
}

export function checkSnapshots(driver: string, snapshots: readonly CircuitBreakerSnapshot[]): void {
  if (!Array.isArray(snapshots))
    throw new StoreError(driver, `saveBreakers needs an array of snapshots, got ${typeof snapshots}`);
  snapshots.forEach((s, i) => {
    if (typeof s?.name !== 'string' || s.name === '')
      throw new StoreError(driver, `saveBreakers: snapshots[${i}].name must be a non-empty string`);
  });
}
