import { StoreError, type EventPage, type EventQuery, type HistoryEvent, type RetentionPolicy } from '@breakwater/core';
import { eventInRange } from '@breakwater/core/store-kit';
import type { HistoryDb } from './HistoryDb.ts';

export const INDEXEDDB_EVENTS_CURSOR = /^ev(\d{1,15})$/;

/**
 * Breaker transitions and mode switches in the `events` store: a row per event, keyed in append order by the
 * database's own key generator (so across tabs too). Newest first is a `prev` walk from the cursor's key.
 */
export class EventRows {
  constructor(readonly db: HistoryDb) {}

  async append(events: readonly HistoryEvent[]): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite', { durability: 'relaxed' });
    for (const event of events) void tx.store.add(event).catch(() => undefined); // failures reject `done`
    await tx.done;
  }

  /** `below`: the key of the previous page's last event. */
  async query(query: EventQuery, limit: number, below: number | undefined): Promise<EventPage> {
    const tx = this.db.transaction('events');
    const events: HistoryEvent[] = [];
    let lastKey = 0;
    let cursor = await tx.store.openCursor(below === undefined ? null : IDBKeyRange.upperBound(below, true), 'prev');
    let more = false;
    for (; cursor; cursor = await cursor.continue()) {
      if (!eventInRange(cursor.value, query)) continue;
      if (events.length === limit) {
        more = true;
        break;
      }
      events.push(cursor.value);
      lastKey = cursor.key;
    }
    await tx.done;
    return more ? { events, nextCursor: `ev${lastKey}` } : { events };
  }

  /** Age first, then count, in one transaction; resolves to the number removed. */
  async prune(retention: RetentionPolicy, now: number): Promise<number> {
    const tx = this.db.transaction('events', 'readwrite');
    let removed = 0;
    if (retention.maxAgeMs !== undefined) {
      const old = IDBKeyRange.upperBound(now - retention.maxAgeMs, true);
      for (let c = await tx.store.index('at').openCursor(old); c; c = await c.continue()) {
        void c.delete();
        removed++;
      }
    }
    if (retention.maxRecords !== undefined) {
      let excess = (await tx.store.count()) - retention.maxRecords;
      for (let c = excess > 0 ? await tx.store.openCursor() : null; c && excess > 0; c = await c.continue(), excess--) {
        void c.delete();
        removed++;
      }
    }
    await tx.done;
    return removed;
  }

  /** Every event, oldest first (what a fallback to memory keeps). */
  async all(): Promise<HistoryEvent[]> {
    return this.db.getAll('events');
  }
}

/** The key a page cursor names, undefined for none; a cursor of another kind is refused by the caller. */
export function parseEventCursor(cursor: unknown): number | undefined {
  if (cursor === undefined) return undefined;
  const match = typeof cursor === 'string' ? INDEXEDDB_EVENTS_CURSOR.exec(cursor) : null;
  return match ? Number(match[1]) : undefined;
}

export function badEventCursor(driver: string, cursor: unknown): StoreError {
  return new StoreError(driver, `queryEvents: cursor ${JSON.stringify(cursor)} is not one of this store's`);
}
