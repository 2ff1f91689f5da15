import { open, type FileHandle } from 'node:fs/promises';
import type { ErrorRecord } from '@breakwater/core';
import { fsError } from './fsError.ts';
import { corruptLine, type FileStoreWarning } from './FileStoreWarning.ts';
import { checkRecordLine, parseRecordLine } from './parseRecordLine.ts';
import type { Segment } from './Segment.ts';

/**
 * Reads records of one segment by index, newest first, a block at a time: one positioned read (`pread`) brings
 * in the lines of several consecutive records ending at the one asked for, so the newest 100 records of a
 * segment cost one 64 KiB read, however long the segment. Counting scans use bigger blocks.
 *
 * A line that was a record when the index was built but no longer parses (the file was damaged since) is
 * reported once, marked unreadable on the segment, and read as undefined.
 */
export class SegmentReader {
  readonly #segment: Segment;
  readonly #handle: FileHandle;
  readonly #owned: boolean;
  readonly #blockBytes: number;
  readonly #warn: (warning: FileStoreWarning) => void;
  #block: Buffer = Buffer.alloc(0);
  /** File offset of #block[0]; the block holds whole lines of records from `#first` on. */
  #blockStart = 0;
  #first = Infinity;
  #last = -1;

  private constructor(
    segment: Segment,
    handle: FileHandle,
    owned: boolean,
    blockBytes: number,
    warn: (warning: FileStoreWarning) => void,
  ) {
    this.#segment = segment;
    this.#handle = handle;
    this.#owned = owned;
    this.#blockBytes = blockBytes;
    this.#warn = warn;
  }

  /** Reads through `handle` when given (the newest segment's own), else opens the segment's file. */
  static async open(
    segment: Segment,
    options: { handle?: FileHandle; blockBytes: number; warn: (warning: FileStoreWarning) => void },
  ): Promise<SegmentReader> {
    if (options.handle) return new SegmentReader(segment, options.handle, false, options.blockBytes, options.warn);
    try {
      return new SegmentReader(segment, await open(segment.file, 'r'), true, options.blockBytes, options.warn);
    } catch (error) {
      throw fsError('open', segment.file, error);
    }
  }

  /** True when record `i` is in the current block (then `record(i)` needs no I/O). */
  has(i: number): boolean {
    return i >= this.#first && i <= this.#last;
  }

  /** Record `i`, reading a new block ending with it if needed; lower indexes come next at no further cost. */
  async load(i: number): Promise<ErrorRecord | undefined> {
    if (!this.has(i)) await this.#readBlockEndingAt(i);
    return this.record(i);
  }

  /** Record `i` from the current block (call `has(i)` or `load(i)` first). */
  record(i: number): ErrorRecord | undefined {
    const start = this.#segment.offset(i) - this.#blockStart;
    const end = this.#lineEnd(i, start);
    const parsed = parseRecordLine(this.#block, start, end);
    if (parsed.record) return parsed.record;
    this.#unreadable(i, end - start, parsed.reason);
    return undefined;
  }

  /**
   * Whether record `i` is still readable, without parsing it when its checksum can tell (see checkRecordLine);
   * reads a new block ending with it if needed. An unreadable one is reported and marked as `record` does.
   */
  async check(i: number): Promise<boolean> {
    if (!this.has(i)) await this.#readBlockEndingAt(i);
    const start = this.#segment.offset(i) - this.#blockStart;
    const end = this.#lineEnd(i, start);
    const damage = checkRecordLine(this.#block, start, end);
    if (damage === undefined) return true;
    this.#unreadable(i, end - start, damage);
    return false;
  }

  /** Where record `i`'s line ends in the block: its newline, or where the next record starts if that comes first. */
  #lineEnd(i: number, start: number): number {
    const limit = this.#segment.end(i) - this.#blockStart;
    const end = this.#block.indexOf(10, start);
    return end === -1 || end > limit ? limit : end;
  }

  /** Marks record `i` unreadable and reports it, once; `length` is its line's, without the newline. */
  #unreadable(i: number, length: number, reason: string): void {
    const segment = this.#segment;
    if (segment.unreadable.has(i)) return;
    segment.unreadable.add(i);
    const offset = segment.offset(i);
    // With its newline when it has one (it ends before the next record's line, or the file).
    const bytes = Math.min(length + 1, segment.end(i) - offset);
    this.#warn(corruptLine(segment.file, segment.lineOf(i), offset, bytes, reason));
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#handle.close();
  }

  async #readBlockEndingAt(i: number): Promise<void> {
    const segment = this.#segment;
    const end = segment.end(i);
    // Take earlier records while they fit in a block; always at least record i, however long its line.
    let first = i;
    while (first > 0 && end - segment.offset(first - 1) <= this.#blockBytes) first--;
    const start = segment.offset(first);
    const length = end - start;
    if (this.#block.length < length) this.#block = Buffer.allocUnsafe(Math.max(length, this.#blockBytes));
    try {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await this.#handle.read(this.#block, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + done}, expected ${end} bytes`);
        done += bytesRead;
      }
    } catch (error) {
      this.#first = Infinity;
      this.#last = -1;
      throw fsError('read', segment.file, error);
    }
    this.#blockStart = start;
    this.#first = first;
    this.#last = i;
  }
}
