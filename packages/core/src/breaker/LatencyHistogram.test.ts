import { describe, expect, it } from 'vitest';
import { bucketUpperBound, LatencyHistogram } from './LatencyHistogram.ts';

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

describe('LatencyHistogram', () => {
  it('reports nothing before any call', () => {
    expect(new LatencyHistogram().stats()).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });

  it('gives exact percentiles for durations on bucket bounds (powers of two)', () => {
    const h = histogramOf([1, 2, 4, 8]);
    expect([h.percentile(0.25), h.percentile(0.5), h.percentile(0.75), h.percentile(1)]).toEqual([1, 2, 4, 8]);
  });

  it('gives the exact duration when all calls took the same time (clamped to the smallest and largest seen)', () => {
    const h = histogramOf(Array.from({ length: 10 }, () => 7));
    expect(h.stats()).toEqual({ count: 10, p50: 7, p95: 7, p99: 7, max: 7 });
  });

  it('reports the upper bound of the bucket holding the nearest rank', () => {
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1)); // 1..100 ms
    // Rank 50 is 50 ms, in the bucket (2^5.5, 2^5.75]; ranks 95 and 99 fall in buckets above 100, clamped to it.
    expect(bucketUpperBound(63)).toBe(2 ** 5.75);
    expect(h.stats()).toEqual({ count: 100, p50: 2 ** 5.75, p95: 100, p99: 100, max: 100 });
  });

  it('keeps a long tail apart from the bulk', () => {
    const h = histogramOf([...Array.from({ length: 98 }, () => 1), 512, 1024]);
    expect(h.stats()).toEqual({ count: 100, p50: 1, p95: 1, p99: 512, max: 1024 });
  });

  it('is bounded: zero, negative and NaN durations count in the first bucket, huge ones in the last', () => {
    const h = histogramOf([0, -5, Number.NaN, 1e12]);
    expect(h.count).toBe(4);
    expect(h.percentile(0.75)).toBe(2 ** -10); // the first bucket: (0, 2^-10] ms
    expect(h.percentile(1)).toBe(1e12);
    expect(h.stats().max).toBe(1e12);
  });

  it('keeps sub-microsecond durations apart from zero', () => {
    const h = histogramOf([0.0001, 0.0001]);
    expect(h.percentile(0.5)).toBe(0.0001);
  });

  it('refuses a quantile outside (0, 1], naming it', () => {
    expect(() => new LatencyHistogram().percentile(0)).toThrow(
      'LatencyHistogram.percentile: q must be in (0, 1], got 0',
    );
    expect(() => new LatencyHistogram().percentile(95)).toThrow(
      'LatencyHistogram.percentile: q must be in (0, 1], got 95',
    );
  });
});
