import { positiveInt, positiveNumber } from '../errors/options.ts';
import type { SlidingWindow } from './SlidingWindow.ts';

/**
 * Calls in the last `durationMs`, kept in `buckets` equal slices (resilience4j's approach): memory is fixed
 * and old slices expire as time moves on, at the cost of slice-sized granularity.
 */
export class TimeWindow implements SlidingWindow {
  readonly durationMs: number;
  readonly #bucketMs: number;
  readonly #epochs: Float64Array;
  readonly #totals: Uint32Array;
  readonly #flags: Uint32Array;

  constructor(durationMs: number, buckets = 10) {
    this.durationMs = positiveNumber('TimeWindow', 'durationMs', durationMs);
    positiveInt('TimeWindow', 'buckets', buckets);
    this.#bucketMs = durationMs / buckets;
    this.#epochs = new Float64Array(buckets).fill(-1);
    this.#totals = new Uint32Array(buckets);
    this.#flags = new Uint32Array(buckets);
  }

  add(at: number, flagged: boolean): void {
    const epoch = Math.floor(at / this.#bucketMs);
    const i = epoch % this.#epochs.length;
    if (this.#epochs[i] !== epoch) {
      this.#epochs[i] = epoch;
      this.#totals[i] = 0;
      this.#flags[i] = 0;
    }
    this.#totals[i]!++;
    if (flagged) this.#flags[i]!++;
  }

  total(at: number): number {
    return this.#sum(at, this.#totals);
  }

  flagged(at: number): number {
    return this.#sum(at, this.#flags);
  }

  reset(): void {
    this.#epochs.fill(-1);
    this.#totals.fill(0);
    this.#flags.fill(0);
  }

  #sum(at: number, counts: Uint32Array): number {
    const oldest = Math.floor(at / this.#bucketMs) - this.#epochs.length;
    let sum = 0;
    for (let i = 0; i < this.#epochs.length; i++) if (this.#epochs[i]! > oldest) sum += counts[i]!;
    return sum;
  }
}
