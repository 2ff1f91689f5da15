/** Call latency as the panel and metrics read it: percentiles in milliseconds, null before any call. */
export interface LatencyStats {
  /** Calls measured (a call is measured only when it is timed: see `CircuitBreakerOptions.measureLatency`). */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Buckets per doubling: each bucket spans a factor of 2^(1/4) ≈ 1.19, so a percentile is within 19 %. */
const PER_OCTAVE = 4;
/** The first bucket's upper bound is 2^-10 ms (≈ 1 µs); 128 buckets reach 2^22 ms (≈ 70 min). */
const LOWEST_OCTAVE = -10;
const BUCKETS = 128;

/** Upper bound of bucket `i` in milliseconds. */
export function bucketUpperBound(i: number): number {
  return 2 ** (LOWEST_OCTAVE + i / PER_OCTAVE);
}

/**
 * Durations in fixed log-scale buckets (HdrHistogram's idea, coarser): memory is one array of 128 counts for
 * the breaker's life, and `record` is a log, a ceil and an increment — O(1), nothing allocated. A percentile
 * is the upper bound of the bucket holding its rank (nearest-rank), clamped to the smallest and largest
 * durations seen, so identical durations give exact percentiles.
 */
export class LatencyHistogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #min = Infinity;
  #max = -Infinity;

  get count(): number {
    return this.#count;
  }

  record(durationMs: number): void {
    // NaN and negatives (a clock set back) land in the first bucket rather than nowhere: the count stays honest.
    const ms = durationMs > 0 ? durationMs : 0;
    let i = ms > 0 ? Math.ceil((Math.log2(ms) - LOWEST_OCTAVE) * PER_OCTAVE) : 0;
    if (i < 0) i = 0;
    else if (i >= BUCKETS) i = BUCKETS - 1;
    this.#counts[i]!++;
    this.#count++;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  /** The duration `q` (0 < q ≤ 1) of the calls took at most; null before any call. */
  percentile(q: number): number | null {
    if (!(q > 0 && q <= 1)) throw new RangeError(`LatencyHistogram.percentile: q must be in (0, 1], got ${String(q)}`);
    if (this.#count === 0) return null;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i]!;
      // The last bucket also holds everything beyond it: its bound says nothing there, the maximum does.
      if (seen >= rank)
        return i === BUCKETS - 1 ? this.#max : Math.min(this.#max, Math.max(this.#min, bucketUpperBound(i)));
    }
    return this.#max;
  }

  stats(): LatencyStats {
    const empty = this.#count === 0;
    return {
      count: this.#count,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      p99: this.percentile(0.99),
      max: empty ? null : this.#max,
    };
  }
}
