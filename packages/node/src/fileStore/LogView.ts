import type { RemovedRecords } from './RemovedRecords.ts';
import type { Segment } from './Segment.ts';
import type { SegmentReader } from './SegmentReader.ts';

/** What reading the history needs: the segments (oldest first), what was removed, and a way to read a segment. */
export interface LogView {
  readonly segments: readonly Segment[];
  readonly removed: RemovedRecords;
  /** A reader for the segment; `blockBytes` per read. The caller closes it. */
  reader(segment: Segment, blockBytes: number): Promise<SegmentReader>;
}
