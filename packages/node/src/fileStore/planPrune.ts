import type { RetentionPolicy } from '@breakwater/core';
import type { RemovedRecords } from './RemovedRecords.ts';
import type { Segment } from './Segment.ts';

export interface PrunePlan {
  /** The removed records after the prune (a changed copy; the current state is left alone until it is saved). */
  next: RemovedRecords;
  /** How many records the prune removes. */
  count: number;
}

/**
 * Works out what a prune removes, from the in-memory index alone (timestamps are in it, no segment is read).
 * The same meaning as the memory store: first every record with `timestamp < now - maxAgeMs`, wherever it is,
 * then the oldest of what is left (in append order) until at most `maxRecords` remain.
 */
export function planPrune(
  segments: readonly Segment[],
  current: RemovedRecords,
  retention: RetentionPolicy,
  now: number,
): PrunePlan {
  const next = current.clone();
  let count = 0;
  const live = (s: Segment, i: number) => !next.isRemoved(s.number, i) && !s.unreadable.has(i);

  if (retention.maxAgeMs !== undefined) {
    const oldest = now - retention.maxAgeMs;
    for (const s of segments) {
      if (s.minTimestamp >= oldest) continue; // nothing old enough in this one
      for (let i = next.startOf(s.number); i < s.count; i++) {
        if (s.timestamp(i) < oldest && live(s, i)) {
          next.remove(s.number, i);
          count++;
        }
      }
    }
  }

  if (retention.maxRecords !== undefined) {
    let excess = segments.reduce((sum, s) => sum + next.liveCount(s), 0) - retention.maxRecords;
    for (const s of segments) {
      if (excess <= 0) break;
      const inSegment = next.liveCount(s);
      if (inSegment <= excess) {
        // The whole segment goes: no need to walk it record by record.
        next.removeBefore(s.number, s.count);
        excess -= inSegment;
        count += inSegment;
        continue;
      }
      let end = next.startOf(s.number);
      for (let taken = 0; taken < excess; end++) if (live(s, end)) taken++;
      next.removeBefore(s.number, end);
      count += excess;
      excess = 0;
    }
  }
  return { next, count };
}
