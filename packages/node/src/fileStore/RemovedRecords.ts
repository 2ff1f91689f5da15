import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { errorCode, fsError } from './fsError.ts';
import { invalidRemoval, unreadableFile, type FileStoreWarning } from './FileStoreWarning.ts';
import type { Segment } from './Segment.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export const REMOVED_FILE = 'removed.json';

interface Removal {
  /** Records `0 … start-1` of the segment are removed. */
  start: number;
  /** Further removed records at or after `start`: ones `maxAgeMs` found among newer records (clock steps). */
  dropped: Set<number>;
}

/** Version 2: where removed records' lines start, in bytes; version 1 (older stores): record indexes. */
interface RemovedJson {
  version: 1 | 2;
  segments: Record<string, { before: number; dropped: number[] } | { start: number; dropped: number[] }>;
  /** CRC-32 of `JSON.stringify(segments)`: a changed digit must not remove other records. Absent in older files. */
  crc32?: number;
}

/** A version 2 entry: records whose line starts before byte `before` are removed, and those starting at `dropped`. */
interface StoredRemoval {
  before: number;
  dropped: number[];
}

/**
 * Which stored records `prune` removed, kept apart from the segments so that pruning never rewrites a segment
 * and a record's position never changes (cursors stay valid, a crash mid-prune cannot damage history). A
 * segment whose every record is removed is deleted; the one at the boundary keeps its removed lines on disk
 * until it is deleted in turn — at most about one segment (`maxFileBytes`) of dead bytes. Persisted as
 * `removed.json`, replaced atomically before any segment is deleted, so after a crash the file still says what
 * was removed and the deletion is finished on the next open.
 *
 * Almost always a removal is a prefix (`start`): records arrive roughly in time order. `dropped` holds the
 * exceptions, so `maxAgeMs` means exactly what it means for the memory store even when timestamps step back.
 *
 * In memory, removals are record indexes; on disk, byte offsets of the records' lines (`resolve` turns them
 * back into indexes once a segment is indexed). An offset stays put whatever happens to other lines, whereas a
 * damaged line rescanned without its sidecar index is no longer a record and would shift every index after it
 * — and a removal by index would then remove a record prune never chose. Damage may only ever bring records
 * back, never hide more: a file failing its checksum is ignored whole (unreadable-file warning), an entry that
 * is not a valid range alone (invalid-removal warning).
 */
export class RemovedRecords {
  readonly #bySegment: Map<number, Removal>;
  /** Entries read from a version 2 file whose segment has not been resolved yet. */
  readonly #stored: Map<number, StoredRemoval>;

  constructor(bySegment = new Map<number, Removal>(), stored = new Map<number, StoredRemoval>()) {
    this.#bySegment = bySegment;
    this.#stored = stored;
  }

  static async load(dir: string, warn: (warning: FileStoreWarning) => void): Promise<RemovedRecords> {
    const file = join(dir, REMOVED_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new RemovedRecords();
      throw fsError('read', file, error);
    }
    let json: RemovedJson;
    try {
      json = JSON.parse(text) as RemovedJson;
      const { version } = json ?? {};
      if ((version !== 1 && version !== 2) || typeof json.segments !== 'object' || json.segments === null)
        throw new Error('not a removed-records file of version 1 or 2');
      const extra = Object.keys(json).find((key) => key !== 'version' && key !== 'segments' && key !== 'crc32');
      if (extra !== undefined) throw new Error(`unknown field ${JSON.stringify(extra)}`);
      if (json.crc32 !== undefined && json.crc32 !== crc32(JSON.stringify(json.segments)))
        throw new Error('checksum mismatch');
    } catch (error) {
      // Written atomically by us, so this is outside damage; going on without it at worst brings pruned records
      // back until the next prune.
      warn(unreadableFile(file, error instanceof Error ? error.message : String(error)));
      return new RemovedRecords();
    }
    const bySegment = new Map<number, Removal>();
    const stored = new Map<number, StoredRemoval>();
    const first = json.version === 1 ? 'start' : 'before';
    for (const [key, value] of Object.entries(json.segments)) {
      const problem = invalidEntry(key, value, first);
      if (problem) warn(invalidRemoval(file, key, problem));
      else if ('before' in value) stored.set(Number(key), { before: value.before, dropped: value.dropped });
      else if ('start' in value) bySegment.set(Number(key), { start: value.start, dropped: new Set(value.dropped) });
    }
    return new RemovedRecords(bySegment, stored);
  }

  /** Saves the removals as byte offsets of the records' lines in `segments` (each removal's segment is there). */
  async save(dir: string, sync: boolean, segments: readonly Segment[]): Promise<void> {
    const json: RemovedJson = { version: 2, segments: {} };
    for (const s of segments) {
      const r = this.#bySegment.get(s.number);
      if (!r) continue;
      // Past the last record: the end of the file, so records appended to it later are not removed.
      const before = r.start < s.count ? s.offset(r.start) : s.bytes;
      json.segments[s.number] = { before, dropped: [...r.dropped].sort((a, b) => a - b).map((i) => s.offset(i)) };
    }
    json.crc32 = crc32(JSON.stringify(json.segments));
    await writeFileAtomic(join(dir, REMOVED_FILE), `${JSON.stringify(json)}\n`, sync);
  }

  /** Turns the stored removal of `segment` (byte offsets, from the file) into record indexes, once it is indexed. */
  resolve(segment: Segment): void {
    const stored = this.#stored.get(segment.number);
    if (!stored) return;
    this.#stored.delete(segment.number);
    const at = (i: number) => segment.offset(i);
    const start = firstAtOrAfter(at, segment.count, stored.before);
    const dropped = new Set<number>();
    for (const offset of stored.dropped) {
      const i = firstAtOrAfter(at, segment.count, offset);
      if (i < segment.count && segment.offset(i) === offset) dropped.add(i);
    }
    this.#bySegment.set(segment.number, { start, dropped });
  }

  /** Like `startOf`, for records whose lines start at `offsets` (a sidecar index not resolved against). */
  startIn(number: number, offsets: Uint32Array): number {
    const stored = this.#stored.get(number);
    return stored ? firstAtOrAfter((i) => offsets[i]!, offsets.length, stored.before) : this.startOf(number);
  }

  clone(): RemovedRecords {
    const copy = new Map<number, Removal>();
    for (const [n, r] of this.#bySegment) copy.set(n, { start: r.start, dropped: new Set(r.dropped) });
    return new RemovedRecords(copy, new Map(this.#stored));
  }

  /** The first record of segment `number` that may still be there. */
  startOf(number: number): number {
    return this.#bySegment.get(number)?.start ?? 0;
  }

  isRemoved(number: number, index: number): boolean {
    const r = this.#bySegment.get(number);
    return r !== undefined && (index < r.start || r.dropped.has(index));
  }

  /** Records of `segment` that are still there (and readable). */
  liveCount(segment: Segment): number {
    const r = this.#bySegment.get(segment.number);
    let removed = r ? Math.min(r.start, segment.count) : 0;
    if (r) for (const i of r.dropped) if (i >= r.start && i < segment.count) removed++;
    for (const i of segment.unreadable) if (!this.isRemoved(segment.number, i)) removed++;
    return segment.count - removed;
  }

  /** Removes one record. */
  remove(number: number, index: number): void {
    const r = this.#entry(number);
    if (index < r.start) return;
    if (index > r.start) {
      r.dropped.add(index);
      return;
    }
    r.start++;
    while (r.dropped.delete(r.start)) r.start++;
  }

  /** Removes every record before `end`. */
  removeBefore(number: number, end: number): void {
    const r = this.#entry(number);
    if (end <= r.start) return;
    r.start = end;
    for (const i of r.dropped) if (i < end) r.dropped.delete(i);
    while (r.dropped.delete(r.start)) r.start++;
  }

  /** Forgets segments that no longer exist. */
  keepOnly(numbers: ReadonlySet<number>): void {
    for (const n of this.#bySegment.keys()) if (!numbers.has(n)) this.#bySegment.delete(n);
    for (const n of this.#stored.keys()) if (!numbers.has(n)) this.#stored.delete(n);
  }

  #entry(number: number): Removal {
    let r = this.#bySegment.get(number);
    if (!r) this.#bySegment.set(number, (r = { start: 0, dropped: new Set() }));
    return r;
  }
}

/** Why an entry of `removed.json` is not a removal `load` can use, or undefined when it is. */
function invalidEntry(key: string, value: unknown, first: 'start' | 'before'): string | undefined {
  if (!/^\d+$/.test(key)) return 'not a segment number';
  const entry = (value ?? {}) as Record<string, unknown>;
  const from = entry[first];
  const { dropped } = entry;
  if (!Number.isSafeInteger(from) || (from as number) < 0)
    return `${first} must be an integer >= 0, got ${JSON.stringify(from) ?? 'nothing'}`;
  if (!Array.isArray(dropped)) return `dropped must be an array, got ${JSON.stringify(dropped) ?? 'nothing'}`;
  const bad = dropped.find((i) => !Number.isSafeInteger(i) || (i as number) <= (from as number));
  if (bad !== undefined)
    return `dropped must hold integers above ${first} ${from as number}, got ${JSON.stringify(bad)}`;
  return undefined;
}

/** The first `i < count` with `at(i) >= offset` (offsets ascend), or `count`. */
function firstAtOrAfter(at: (i: number) => number, count: number, offset: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (at(mid) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
