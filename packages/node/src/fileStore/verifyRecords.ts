import type { LogView } from './LogView.ts';
import type { Segment } from './Segment.ts';

/** Big reads: this walks whole segments. */
const VERIFY_BLOCK = 1024 * 1024;

/**
 * Checks the live records of every segment not yet verified (see `Segment.verified`), so that answers taken
 * from the index alone — `count()`, and how many records `maxRecords` must remove — count only records a query
 * can read. A damaged one is reported and marked unreadable by the reader. Framed lines are checked by their
 * checksum without parsing (roughly 0.5 s for a million records, once per segment per open); format 1 lines are parsed.
 */
export async function verifyRecords(view: LogView, segments: readonly Segment[] = view.segments): Promise<void> {
  const { removed } = view;
  for (const s of segments) {
    if (s.verified) continue;
    const reader = await view.reader(s, VERIFY_BLOCK);
    try {
      for (let i = s.count - 1; i >= removed.startOf(s.number); i--) {
        if (!removed.isRemoved(s.number, i) && !s.unreadable.has(i)) await reader.check(i);
      }
    } finally {
      await reader.close();
    }
    s.verified = true;
  }
}
