import { join } from 'node:path';

/** A line the index left out because it is not a stored record. */
export interface SkippedLine {
  /** 1-based line number in the segment file. */
  line: number;
  /** Where the line starts in the file, and its length (with its newline if it has one). */
  offset: number;
  bytes: number;
  reason: string;
}

const NAME = /^history-(\d{6,})\.jsonl$/;

export function segmentFileName(number: number): string {
  return `history-${String(number).padStart(6, '0')}.jsonl`;
}

/** The segment number in a file name like `history-000042.jsonl`, or undefined for any other file. */
export function segmentNumber(fileName: string): number | undefined {
  const match = NAME.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** The sidecar index of a sealed segment: `history-000042.idx` next to `history-000042.jsonl`. */
export function indexFileOf(segmentFile: string): string {
  return segmentFile.replace(/\.jsonl$/, '.idx');
}

/**
 * One segment file and its in-memory index: where each record's line starts and its timestamp, in append order.
 * Record `i` of a segment is its i-th valid line; that position never changes (pruning only marks records
 * removed, see RemovedRecords), which is what keeps cursors valid. Offsets are 32-bit: a segment holds at most
 * `maxFileBytes` (≤ 2 GiB) plus one batch. 12 bytes of memory per record: 12 MB for a million.
 */
export class Segment {
  readonly number: number;
  readonly file: string;
  /** End of the last indexed line: the file's size, except while a torn tail is being cut off. */
  bytes = 0;
  /** Lines left out when the index was built, ascending. */
  readonly skipped: SkippedLine[];
  /** Records found corrupt when read (after the index was built); they are skipped and no longer counted. */
  readonly unreadable = new Set<number>();
  /**
   * Every record has been checked since its bytes were last read from the file: true for a segment built by a
   * scan (it parses every line) or by appends, false for one loaded from its sidecar index until
   * `verifyRecords` has checked its checksums (a flipped byte keeps the file's size, so the index still matches).
   */
  verified: boolean;
  minTimestamp = Infinity;
  maxTimestamp = -Infinity;
  #count = 0;
  #offsets: Uint32Array;
  #timestamps: Float64Array;

  constructor(
    dir: string,
    number: number,
    init: { offsets?: Uint32Array; timestamps?: Float64Array; bytes?: number; skipped?: SkippedLine[] } = {},
  ) {
    this.number = number;
    this.file = join(dir, segmentFileName(number));
    this.#offsets = init.offsets ?? new Uint32Array(1024);
    this.#timestamps = init.timestamps ?? new Float64Array(this.#offsets.length);
    this.skipped = init.skipped ?? [];
    this.verified = !init.offsets;
    if (init.offsets) {
      this.#count = init.offsets.length;
      for (const t of this.#timestamps) this.#track(t);
    }
    this.bytes = init.bytes ?? 0;
  }

  /** Records indexed (corrupt lines excluded; removed records included). */
  get count(): number {
    return this.#count;
  }

  push(offset: number, timestamp: number): void {
    if (this.#count === this.#offsets.length) this.#grow();
    this.#offsets[this.#count] = offset;
    this.#timestamps[this.#count] = timestamp;
    this.#count++;
    this.#track(timestamp);
  }

  offset(i: number): number {
    return this.#offsets[i]!;
  }

  timestamp(i: number): number {
    return this.#timestamps[i]!;
  }

  /** Where record `i`'s line ends at the latest (its newline is at or before this byte). */
  end(i: number): number {
    return i + 1 < this.#count ? this.#offsets[i + 1]! : this.bytes;
  }

  /** The 1-based line number of record `i` in the file, counting the skipped lines before it. */
  lineOf(i: number): number {
    let line = i + 1;
    for (const s of this.skipped) {
      if (s.line > line) break;
      line++;
    }
    return line;
  }

  /** Copies of the index arrays, trimmed to `count` (for the sidecar index file). */
  arrays(): { offsets: Uint32Array; timestamps: Float64Array } {
    return { offsets: this.#offsets.slice(0, this.#count), timestamps: this.#timestamps.slice(0, this.#count) };
  }

  #track(timestamp: number): void {
    if (timestamp < this.minTimestamp) this.minTimestamp = timestamp;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  #grow(): void {
    const offsets = new Uint32Array(Math.max(1024, this.#offsets.length * 2));
    offsets.set(this.#offsets);
    const timestamps = new Float64Array(offsets.length);
    timestamps.set(this.#timestamps);
    this.#offsets = offsets;
    this.#timestamps = timestamps;
  }
}
