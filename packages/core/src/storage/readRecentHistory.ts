import type { ErrorRecord } from './ErrorRecord.ts';
import type { HistoryEvent } from './HistoryEvent.ts';
import { MAX_QUERY_LIMIT, supportsEvents, type HistoryStore } from './HistoryStore.ts';

/**
 * The newest `wanted` records and events `store` kept, newest first: records read page by page until enough
 * came (a store returns at most `MAX_QUERY_LIMIT` at once), events from one page (none from a store that keeps none).
 */
export async function readRecentHistory(
  store: HistoryStore,
  wanted: number,
): Promise<{ records: ErrorRecord[]; events: HistoryEvent[] }> {
  const records: ErrorRecord[] = [];
  for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
    const page = await store.query({
      limit: Math.min(MAX_QUERY_LIMIT, Math.max(1, wanted - records.length)),
      ...(cursor ? { cursor } : {}),
    });
    records.push(...page.records);
    cursor = records.length < wanted ? page.nextCursor : undefined;
  }
  const events = supportsEvents(store)
    ? await store.queryEvents({ limit: Math.min(MAX_QUERY_LIMIT, Math.max(1, wanted)) })
    : { events: [] };
  return { records: records.slice(0, wanted), events: events.events.slice(0, wanted) };
}
