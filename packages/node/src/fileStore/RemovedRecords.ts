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

interface RemovedJson {
  version: 1;
  segments: Record<string, { start: number; dropped: number[] }>;
  /** CRC-32 of `JSON.stringify(segments)`: a changed digit must not remove other records. Absent in older files. */
  crc32?: number;
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
 * Damage may only ever bring records back, never hide more: a file failing its checksum is ignored whole
 * (unreadable-file warning), an entry that is not a valid range alone (invalid-removal warning).
 */
export class RemovedRecords {
  readonly #bySegment: Map<number, Removal>;

  constructor(bySegment = new Map<number, Removal>()) {
    this.#bySegment = bySegment;
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
      if (json?.version !== 1 || typeof json.segments !== 'object' || json.segments === null) throw new Error('not a removed-records file of version 1');
      const extra = Object.keys(json).find((key) => key !== 'version' && key !== 'segments' && key !== 'crc32');
      if (extra !== undefined) throw new Error(`unknown field ${JSON.stringify(extra)}`);
      if (json.crc32 !== undefined && json.crc32 !== crc32(JSON.stringify(json.segments))) throw new Error('checksum mismatch');
    } catch (error) {
      // Written atomically by us, so this is outside damage; going on without it at worst brings pruned records
      // back until the next prune.
      warn(unreadableFile(file, error instanceof Error ? error.message : String(error)));
      return new RemovedRecords();
    }
    const bySegment = new Map<number, Removal>();
    for (const [key, value] of Object.entries(json.segments)) {
      const problem = invalidEntry(key, value);
      if (problem) warn(invalidRemoval(file, key, problem));
      else bySegment.set(Number(key), { start: value.start, dropped: new Set(value.dropped) });
    }
    return new RemovedRecords(bySegment);
  }

  async save(dir: string, sync: boolean): Promise<void> {
    const segments: RemovedJson['segments'] = {};
    for (const [number, { start, dropped }] of [...this.#bySegment].sort((a, b) => a[0] - b[0])) {
      segments[number] = { start, dropped: [...dropped].sort((a, b) => a - b) };
    }
    const json: RemovedJson = { version: 1, segments, crc32: crc32(JSON.stringify(segments)) };
    await writeFileAtomic(join(dir, REMOVED_FILE), `${JSON.stringify(json)}\n`, sync);
  }

  clone(): RemovedRecords {
    const copy = new Map<number, Removal>();
    for (const [n, r] of this.#bySegment) copy.set(n, { start: r.start, dropped: new Set(r.dropped) });
    return new RemovedRecords(copy);
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
  }

  #entry(number: number): Removal {
    let r = this.#bySegment.get(number);
    if (!r) this.#bySegment.set(number, (r = { start: 0, dropped: new Set() }));
    return r;
  }
}

/** Why an entry of `removed.json` is not a removal `load` can use, or undefined when it is. */
function invalidEntry(key: string, value: unknown): string | undefined {
  if (!/^\d+$/.test(key)) return 'not a segment number';
  const { start, dropped } = (value ?? {}) as { start?: unknown; dropped?: unknown };
  if (!Number.isSafeInteger(start) || (start as number) < 0) return `start must be an integer >= 0, got ${JSON.stringify(start) ?? 'nothing'}`;
  if (!Array.isArray(dropped)) return `dropped must be an array, got ${JSON.stringify(dropped) ?? 'nothing'}`;
  const bad = dropped.find((i) => !Number.isSafeInteger(i) || (i as number) <= (start as number));
  if (bad !== undefined) return `dropped must hold integers above start ${start as number}, got ${JSON.stringify(bad)}`;
  return undefined;
}
