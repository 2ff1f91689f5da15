import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsError } from './fsError.ts';
import { corruptLine, lostRecords, tornTail, type FileStoreWarning } from './FileStoreWarning.ts';
import type { RemovedRecords } from './RemovedRecords.ts';
import { scanSegment, type TornLine } from './scanSegment.ts';
import { indexFileOf, Segment, segmentFileName, segmentNumber } from './Segment.ts';
import { readSegmentIndex, writeSegmentIndex, type SegmentIndex } from './segmentIndexFile.ts';

export interface OpenedSegments {
  /** Oldest first; empty for a new store. */
  segments: Segment[];
  /** The newest segment's torn last line, for the caller to cut off before appending. */
  torn?: TornLine;
}

/**
 * Finds the segments of a store directory and indexes them: each older segment from its sidecar index when
 * that is up to date (else by scanning it, and the index is written for next time), the newest one by scanning
 * it — it is the one a crash can have left with a torn last line — unless a clean `close()` left an index that
 * still matches its size. Reports every corrupt line, then deletes segments whose records were all removed by
 * a prune that a crash interrupted before it got to delete them.
 *
 * Cross-checks the segments against their indexes: a segment shorter than its (intact) index says, or missing
 * while its index is there, lost records — reported with their record and byte ranges. A segment only grows
 * while its index is out of date (appends after a clean close), never shrinks, and prune removes a segment's
 * index before the segment, so neither happens in normal operation.
 */
export async function openSegments(
  dir: string,
  removed: RemovedRecords,
  warn: (warning: FileStoreWarning) => void,
): Promise<OpenedSegments> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw fsError('read directory', dir, error);
  }
  const numbers = names
    .map(segmentNumber)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  const present = new Set(numbers);
  for (const number of names.map(indexNumber)) {
    if (number === undefined || present.has(number)) continue;
    const file = join(dir, segmentFileName(number));
    const index = await readSegmentIndex(dir, number);
    if (index) reportLost(file, index, 0, removed.startIn(number, index.offsets), 'the file is missing', warn);
    await removeFile(indexFileOf(file)); // reported once
  }
  removed.keepOnly(present);

  const segments: Segment[] = [];
  let torn: TornLine | undefined;
  for (const [k, number] of numbers.entries()) {
    const newest = k === numbers.length - 1;
    const size = await sizeOf(dir, number);
    const index = await readSegmentIndex(dir, number);
    let segment: Segment;
    let lost: (() => void) | undefined;
    // The newest segment is appended to: a last byte damaged in place would glue the next line onto it, so it is
    // scanned instead, which cuts that line off as torn.
    const usable =
      index !== undefined &&
      index.bytes === size &&
      (!newest || (await endsLine(join(dir, segmentFileName(number)), size)));
    if (usable) {
      segment = new Segment(dir, number, {
        offsets: index.offsets,
        timestamps: index.timestamps,
        bytes: size,
        skipped: index.skipped,
      });
    } else {
      const scanned = await scanSegment(dir, number, newest);
      segment = scanned.segment;
      if (scanned.torn) torn = scanned.torn; // only ever for the newest
      if (index && index.bytes > size) {
        // Records that started past the new end are gone (the scan reports one cut mid-line, as corrupt or torn).
        const kept = index.offsets.findIndex((offset) => offset >= size);
        if (kept !== -1)
          lost = () =>
            reportLost(
              segment.file,
              index,
              kept,
              removed.startIn(number, index.offsets),
              'the file is shorter than its index says',
              warn,
            );
        // Reported once: a sealed segment's index is rewritten below; the newest one's at close.
        if (newest) await removeFile(indexFileOf(segment.file));
      }
      if (!newest) await writeSegmentIndex(segment, false);
    }
    for (const s of segment.skipped) warn(corruptLine(segment.file, s.line, s.offset, s.bytes, s.reason));
    if (newest && torn) warn(tornTail(segment.file, torn.line, torn.offset, torn.bytes));
    lost?.();
    removed.resolve(segment);
    segments.push(segment);
  }

  const kept = [];
  for (const [k, segment] of segments.entries()) {
    const newest = k === segments.length - 1;
    if (!newest && segment.count > 0 && removed.liveCount(segment) === 0) await deleteSegment(segment);
    else kept.push(segment);
  }
  removed.keepOnly(new Set(kept.map((s) => s.number)));
  return torn ? { segments: kept, torn } : { segments: kept };
}

/**
 * Removes a segment's sidecar index, then the segment: a crash in between leaves a segment without an index
 * (rescanned, then deleted as fully removed), never an index without its segment (which means lost records).
 */
export async function deleteSegment(segment: Segment): Promise<void> {
  await removeFile(indexFileOf(segment.file));
  await removeFile(segment.file);
}

async function removeFile(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (error) {
    throw fsError('delete', file, error);
  }
}

/** Reports the index's records from `from` on as lost, leaving out those prune had removed (below `start`). */
function reportLost(
  file: string,
  index: SegmentIndex,
  from: number,
  start: number,
  reason: string,
  warn: (warning: FileStoreWarning) => void,
): void {
  const first = Math.max(from, start);
  const count = index.offsets.length;
  if (first >= count) return;
  warn(
    lostRecords(file, { from: first, to: count }, index.offsets[first]!, index.bytes - index.offsets[first]!, reason),
  );
}

/** The segment number in an index file name like `history-000042.idx`, or undefined for any other file. */
function indexNumber(fileName: string): number | undefined {
  return fileName.endsWith('.idx') ? segmentNumber(fileName.replace(/\.idx$/, '.jsonl')) : undefined;
}

/** True when the file ends with a newline (or is empty). */
async function endsLine(file: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  let handle;
  try {
    handle = await open(file, 'r');
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 10;
  } catch (error) {
    throw fsError('read', file, error);
  } finally {
    await handle?.close();
  }
}

async function sizeOf(dir: string, number: number): Promise<number> {
  const file = join(dir, segmentFileName(number));
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw fsError('stat', file, error);
  }
}
