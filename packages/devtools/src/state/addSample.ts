import type { Span } from './DevtoolsState.ts';
import { equalPlain } from './equalPlain.ts';

/**
 * The series with `point` added (bounded, oldest first). A point within the last one's span is merged into it
 * (`merge(older, newer)`: sums add, the newer point's levels win); a point older than the last (a batch
 * replayed on resume) is ignored. Past `limit` points, the older half is merged pairwise: memory stays
 * bounded and the series still reaches back to the start, coarser with age.
 */
export function addSample<P extends Span>(
  series: readonly P[],
  point: P,
  limit: number,
  merge: (older: P, newer: P) => P,
): readonly P[] {
  const last = series[series.length - 1];
  if (last && point.at < last.at) return series;
  if (last && point.at < last.at + last.spanMs) {
    const merged = { ...merge(last, point), at: last.at, spanMs: last.spanMs };
    return equalPlain(merged, last) ? series : [...series.slice(0, -1), merged];
  }
  const next = [...series, point];
  if (next.length <= limit) return next;
  const half = Math.floor(next.length / 2) & ~1;
  const compacted: P[] = [];
  for (let i = 0; i < half; i += 2) {
    const a = next[i]!;
    const b = next[i + 1]!;
    compacted.push({ ...merge(a, b), at: a.at, spanMs: b.at + b.spanMs - a.at });
  }
  return [...compacted, ...next.slice(half)];
}
