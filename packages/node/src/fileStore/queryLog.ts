import { type ErrorRecord, type HistoryFilter, type HistoryPage } from '@breakwater/core';
import { matchesFilter } from '@breakwater/core/store-kit';
import { encodeCursor, type Position } from './cursor.ts';
import type { LogView } from './LogView.ts';
import type { Segment } from './Segment.ts';
import type { SegmentReader } from './SegmentReader.ts';
import { verifyRecords } from './verifyRecords.ts';

/** Small reads for pages (a page is usually in the last 64 KiB), big ones for counting scans. */
const PAGE_BLOCK = 64 * 1024;
const SCAN_BLOCK = 1024 * 1024;

/** True when the filter has criteria beyond time, which only the record itself can answer. */
function needsRecord(filter: HistoryFilter): boolean {
  return (
    filter.component !== undefined ||
    filter.category !== undefined ||
    filter.severity !== undefined ||
    filter.fingerprint !== undefined
  );
}

function inTime(t: number, filter: HistoryFilter): boolean {
  return (filter.from === undefined || t >= filter.from) && (filter.to === undefined || t < filter.to);
}

/** A segment none of whose records can be in the filter's time range. */
function outOfTime(s: Segment, filter: HistoryFilter): boolean {
  return (
    (filter.from !== undefined && s.maxTimestamp < filter.from) ||
    (filter.to !== undefined && s.minTimestamp >= filter.to)
  );
}

/**
 * Walks the live records newest first, from just below `before` (or the newest), calling `visit` with each one
 * whose timestamp is in the filter's range; `visit` returns false to stop. Time is answered from the index, so
 * segments outside the range are skipped unread and a time-only filter reads nothing it does not return. Other
 * criteria need the record: `read()` reads it (a block at a time). So a selective filter over a long history
 * reads back until the page fills — up to everything, like any log without secondary indexes.
 */
async function walkNewestFirst(
  view: LogView,
  filter: HistoryFilter,
  before: Position | undefined,
  blockBytes: number,
  visit: (position: Position, read: () => Promise<ErrorRecord | undefined>) => Promise<boolean>,
): Promise<void> {
  const { segments, removed } = view;
  for (let k = segments.length - 1; k >= 0; k--) {
    const s = segments[k]!;
    if (before && s.number > before.segment) continue;
    if (s.count === 0 || outOfTime(s, filter)) continue;
    const top = before && s.number === before.segment ? before.index - 1 : s.count - 1;
    const bottom = removed.startOf(s.number);
    let reader: SegmentReader | undefined;
    try {
      for (let i = top; i >= bottom; i--) {
        if (removed.isRemoved(s.number, i) || s.unreadable.has(i) || !inTime(s.timestamp(i), filter)) continue;
        const read = async () => {
          reader ??= await view.reader(s, blockBytes);
          return reader.has(i) ? reader.record(i) : reader.load(i);
        };
        if (!(await visit({ segment: s.number, index: i }, read))) return;
      }
    } finally {
      await reader?.close();
    }
  }
}

/** One page of matching records, newest first; `nextCursor` only when another match exists. */
export async function queryLog(
  view: LogView,
  filter: HistoryFilter,
  limit: number,
  before: Position | undefined,
): Promise<HistoryPage> {
  const records: ErrorRecord[] = [];
  const byRecord = needsRecord(filter);
  let last: Position | undefined;
  let more = false;
  await walkNewestFirst(view, filter, before, PAGE_BLOCK, async (position, read) => {
    // A time-only filter knows the next match exists without reading it.
    if (records.length === limit && !byRecord) return !(more = true);
    const record = await read();
    if (!record || (byRecord && !matchesFilter(record, filter))) return true;
    if (records.length === limit) return !(more = true);
    records.push(record);
    last = position;
    return true;
  });
  return more && last ? { records, nextCursor: encodeCursor(last) } : { records };
}

/**
 * How many live, readable records match. No filter: from the index. Time only: from the index's timestamps.
 * Both first check the records the index was loaded with, once (verifyRecords), so a damaged record is not
 * counted before a query trips over it. Anything else reads every live record in the time range (about 400 MB
 * for a million records of ~400 bytes).
 */
export async function countLog(view: LogView, filter: HistoryFilter): Promise<number> {
  const { segments, removed } = view;
  const byRecord = needsRecord(filter);
  if (!byRecord)
    await verifyRecords(
      view,
      segments.filter((s) => !outOfTime(s, filter)),
    );
  if (filter.from === undefined && filter.to === undefined && !byRecord) {
    return segments.reduce((sum, s) => sum + removed.liveCount(s), 0);
  }
  let n = 0;
  await walkNewestFirst(view, filter, undefined, SCAN_BLOCK, async (_, read) => {
    if (!byRecord) n++;
    else {
      const record = await read();
      if (record && matchesFilter(record, filter)) n++;
    }
    return true;
  });
  return n;
}
