import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsError } from './fsError.ts';
import { corruptLine, tornTail, type FileStoreWarning } from './FileStoreWarning.ts';
import type { RemovedRecords } from './RemovedRecords.ts';
import { scanSegment, type TornLine } from './scanSegment.ts';
import { indexFileOf, segmentFileName, segmentNumber, type Segment } from './Segment.ts';
import { readSegmentIndex, writeSegmentIndex } from './segmentIndexFile.ts';

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
 */
export async function openSegments(dir: string, removed: RemovedRecords, warn: (warning: FileStoreWarning) => void): Promise<OpenedSegments> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw fsError('read directory', dir, error);
  }
  const numbers = names.map(segmentNumber).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
  removed.keepOnly(new Set(numbers));

  const segments: Segment[] = [];
  let torn: TornLine | undefined;
  for (const [k, number] of numbers.entries()) {
    const newest = k === numbers.length - 1;
    const indexed = await readSegmentIndex(dir, number, await sizeOf(dir, number));
    let segment = indexed;
    if (!segment) {
      const scanned = await scanSegment(dir, number, newest);
      segment = scanned.segment;
      if (scanned.torn) torn = scanned.torn; // only ever for the newest
      if (!newest) await writeSegmentIndex(segment, false);
    }
    for (const s of segment.skipped) warn(corruptLine(segment.file, s.line, s.reason));
    if (newest && torn) warn(tornTail(segment.file, torn.line, torn.bytes));
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

/** Removes a segment file and its sidecar index. */
export async function deleteSegment(segment: Segment): Promise<void> {
  for (const file of [segment.file, indexFileOf(segment.file)]) {
    try {
      await rm(file, { force: true });
    } catch (error) {
      throw fsError('delete', file, error);
    }
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
