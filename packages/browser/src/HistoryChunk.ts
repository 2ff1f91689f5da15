import { type ErrorCategory, type ErrorRecord, type ErrorSeverity, type HistoryFilter } from '@breakwater/core';
import { matchesFilter } from '@breakwater/core/store-kit';

/**
 * One row of the `chunks` store: records appended together, in append order. Chromium pays per row far more
 * than per byte, so history is stored a batch per row; the lists name every distinct value in the chunk, and
 * their multiEntry indexes find the chunks a filter may match.
 */
export interface HistoryChunk {
  records: ErrorRecord[];
  count: number;
  minTs: number;
  maxTs: number;
  components: string[];
  categories: ErrorCategory[];
  severities: ErrorSeverity[];
  fingerprints: string[];
  /**
   * Each record's position in the chunk as first written, present only once a prune removed some: cursors
   * name positions, so a page's cursor still points at the same place after the chunk is rewritten.
   */
  positions?: number[];
}

/**
 * One row of the `chunkIndex` store, written in the same transaction as its chunk: counting, time-range
 * planning and pruning read these small rows and never deserialize records.
 */
export interface ChunkSummary {
  /** The chunk's key. */
  key: number;
  count: number;
  minTs: number;
  maxTs: number;
  /** How many of the chunk's records have each value, per listed field: counts by one field add these up. */
  tallies: ChunkTallies;
}

/** A summary's key, `[key, count]` of its chunk: see `HistoryDbSchema`. */
export type SummaryKey = [chunk: number, count: number];

/** The key of `summary`'s row. */
export function summaryKey(summary: ChunkSummary): SummaryKey {
  return [summary.key, summary.count];
}

/** Maps rather than objects: any string is a safe key (`__proto__` too), and structured clone keeps them. */
export type ChunkTallies = Record<ListedField, Map<string, number>>;

/** A batch larger than this is split into equal chunks, so no row gets too big to read for one page. */
export const CHUNK_MAX_RECORDS = 500;
/** A smaller batch joins the newest chunk while the two together stay within this: slow trickles of errors
 * (a batch a second, a record each) still make rows of many records. */
export const CHUNK_MERGE_RECORDS = 100;

/** The filter fields that have a list (and a multiEntry index named after it), most selective first. */
export const CHUNK_LISTS = {
  fingerprint: 'fingerprints',
  component: 'components',
  category: 'categories',
  severity: 'severities',
} as const;
export type ListedField = keyof typeof CHUNK_LISTS;
export const LISTED_FIELDS = Object.keys(CHUNK_LISTS) as ListedField[];

/**
 * How many records have each value, per listed field. Only strings are counted: records come from JavaScript
 * callers too, and a filter's string never equals a missing or non-string field, so the tallies stay exact.
 */
export function talliesOf(records: readonly ErrorRecord[]): ChunkTallies {
  const tallies: ChunkTallies = {
    fingerprint: new Map(),
    component: new Map(),
    category: new Map(),
    severity: new Map(),
  };
  for (const r of records) {
    for (const field of LISTED_FIELDS) {
      const value: unknown = r[field];
      if (typeof value === 'string') tallies[field].set(value, (tallies[field].get(value) ?? 0) + 1);
    }
  }
  return tallies;
}

/** A chunk of `records` (at least one), their positions given only when they are not 0, 1, 2, … */
export function chunkOf(records: ErrorRecord[], positions?: number[]): HistoryChunk {
  let minTs = Infinity;
  let maxTs = -Infinity;
  for (const r of records) {
    if (r.timestamp < minTs) minTs = r.timestamp;
    if (r.timestamp > maxTs) maxTs = r.timestamp;
  }
  const tallies = talliesOf(records);
  const chunk: HistoryChunk = {
    records,
    count: records.length,
    minTs,
    maxTs,
    components: [...tallies.component.keys()],
    categories: [...tallies.category.keys()] as ErrorCategory[],
    severities: [...tallies.severity.keys()] as ErrorSeverity[],
    fingerprints: [...tallies.fingerprint.keys()],
  };
  if (positions && positions.some((p, i) => p !== i)) chunk.positions = positions;
  return chunk;
}

export function summaryOf(key: number, chunk: HistoryChunk): ChunkSummary {
  return { key, count: chunk.count, minTs: chunk.minTs, maxTs: chunk.maxTs, tallies: talliesOf(chunk.records) };
}

/** The position of `chunk.records[i]`. */
export function positionOf(chunk: HistoryChunk, i: number): number {
  return chunk.positions ? chunk.positions[i]! : i;
}

/** The chunk with `more` records appended after its own, positions continuing from its newest. */
export function appendToChunk(chunk: HistoryChunk, more: readonly ErrorRecord[]): HistoryChunk {
  const records = [...chunk.records, ...more];
  if (!chunk.positions) return chunkOf(records);
  const next = chunk.positions.length === 0 ? 0 : chunk.positions[chunk.positions.length - 1]! + 1;
  return chunkOf(records, [...chunk.positions, ...more.map((_, i) => next + i)]);
}

/** The chunk keeping only the records `keep` accepts (positions kept), or undefined when none is left. */
export function filterChunk(
  chunk: HistoryChunk,
  keep: (record: ErrorRecord, i: number) => boolean,
): HistoryChunk | undefined {
  const records: ErrorRecord[] = [];
  const positions: number[] = [];
  chunk.records.forEach((r, i) => {
    if (!keep(r, i)) return;
    records.push(r);
    positions.push(positionOf(chunk, i));
  });
  return records.length === 0 ? undefined : chunkOf(records, positions);
}

/** `records` as the chunks it is stored in: one, or equal parts of at most `CHUNK_MAX_RECORDS`. */
export function splitBatch(records: readonly ErrorRecord[]): ErrorRecord[][] {
  const parts = Math.ceil(records.length / CHUNK_MAX_RECORDS);
  const size = Math.ceil(records.length / parts);
  const chunks: ErrorRecord[][] = [];
  for (let i = 0; i < records.length; i += size) chunks.push(records.slice(i, i + size));
  return chunks;
}

/** Whether a filter may match all, some or none of a chunk's records, by its time span alone. */
export type ChunkMatch = 'all' | 'some' | 'none';

export function timeMatch(span: { minTs: number; maxTs: number }, filter: HistoryFilter): ChunkMatch {
  const { from, to } = filter;
  // Written as `!(a >= b)` so that a NaN bound, which no record matches, matches no chunk either.
  if (from !== undefined && !(span.maxTs >= from)) return 'none';
  if (to !== undefined && !(span.minTs < to)) return 'none';
  const all = (from === undefined || span.minTs >= from) && (to === undefined || span.maxTs < to);
  return all ? 'all' : 'some';
}

/**
 * Whether a filter may match all, some or none of a chunk's records, by its lists and time span. A list only
 * rules chunks out, and only for a string (the lists hold strings only).
 */
export function chunkMatch(chunk: HistoryChunk, filter: HistoryFilter): ChunkMatch {
  let listed = false;
  for (const field of LISTED_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    const list: readonly string[] = chunk[CHUNK_LISTS[field]];
    if (typeof value === 'string' && !list.includes(value)) return 'none';
    listed = true;
  }
  const time = timeMatch(chunk, filter);
  return time === 'all' && listed ? 'some' : time;
}

/**
 * How many of a chunk's records a filter matches, when its summary tells (a time span the filter covers or
 * misses whole, at most one listed criterion, a string): else `undefined`, and the chunk must be read.
 */
export function summaryCount(summary: ChunkSummary, filter: HistoryFilter): number | undefined {
  const time = timeMatch(summary, filter);
  if (time === 'none') return 0;
  let tally = summary.count;
  let listed = 0;
  for (const field of LISTED_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    const n = summary.tallies[field].get(value) ?? 0;
    if (n === 0) return 0;
    tally = n;
    listed++;
  }
  return time === 'all' && listed <= 1 ? tally : undefined;
}

/** The indexes of the chunk's records that match, newest first, from just below `below` (a position). */
export function* matchesNewestFirst(chunk: HistoryChunk, filter: HistoryFilter, below = Infinity): Generator<number> {
  const match = chunkMatch(chunk, filter);
  if (match === 'none') return;
  for (let i = chunk.records.length - 1; i >= 0; i--) {
    if (positionOf(chunk, i) >= below) continue;
    if (match === 'all' || matchesFilter(chunk.records[i]!, filter)) yield i;
  }
}

/** How many of the chunk's records match. */
export function countMatches(chunk: HistoryChunk, filter: HistoryFilter): number {
  const match = chunkMatch(chunk, filter);
  if (match !== 'some') return match === 'all' ? chunk.count : 0;
  let n = 0;
  for (const r of chunk.records) if (matchesFilter(r, filter)) n++;
  return n;
}
