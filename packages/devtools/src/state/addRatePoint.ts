import type { RatePoint } from './DevtoolsState.ts';

/**
 * The series with `point` added: messages within one bucket update its last point (a batch every 250 ms
 * would otherwise fill the chart in seconds), at most `limit` points are kept, and a point older than the
 * last (a batch replayed on resume) is ignored.
 */
export function addRatePoint(
  series: readonly RatePoint[],
  point: RatePoint,
  bucketMs: number,
  limit: number,
): readonly RatePoint[] {
  const last = series[series.length - 1];
  if (last && point.at < last.at) return series;
  if (last && Math.floor(last.at / bucketMs) === Math.floor(point.at / bucketMs)) {
    if (last.errorRate === point.errorRate) return series;
    return [...series.slice(0, -1), point];
  }
  const start = series.length >= limit ? series.length - limit + 1 : 0;
  return [...series.slice(start), point];
}
