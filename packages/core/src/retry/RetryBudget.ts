import { optionError, positiveNumber, nonNegativeNumber } from '../errors/options.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import { markRetryBudget } from './isRetryBudget.ts';

export interface RetryBudgetOptions {
  /** Retries allowed per call, over the window: 0.2 lets retries add at most 20 % to the calls. Default 0.2. */
  ratio?: number;
  /**
   * Retries allowed per second whatever the traffic, so a caller making few calls can still retry one.
   * Default 10 (Finagle's default), i.e. 100 over the default window.
   */
  minRetriesPerSecond?: number;
  /** How long a call or a retry counts. Default 10 000 ms. */
  ttlMs?: number;
  clock?: Clock;
}

export interface RetryBudgetStats {
  /** Calls and retries counted in the window now. */
  calls: number;
  retries: number;
  /** Retries still allowed now. */
  available: number;
  /** Retries refused since the budget was made. */
  refused: number;
}

/** The window is cut into this many buckets: counts expire a tenth of the window at a time. */
const BUCKETS = 10;

/**
 * A retry budget, as Finagle's `RetryBudget` and gRPC's retry throttling: every call deposits, every retry
 * withdraws, and a retry is allowed only while the retries of the last `ttlMs` stay under
 * `ratio × calls + minRetriesPerSecond × ttlMs / 1000`. Per-call retry limits multiply load in an outage (4
 * attempts per call is 4× the traffic to a service already failing); a budget shared by every policy that
 * calls one service caps the extra load at `ratio`, however many callers retry. Share it by passing one object
 * to several policies, or by name through a registry (`registry.retryBudget('kraken')`).
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly ttlMs: number;
  readonly #clock: Clock;
  readonly #bucketMs: number;
  readonly #calls = new Float64Array(BUCKETS);
  readonly #retries = new Float64Array(BUCKETS);
  /** The bucket number (time / bucketMs) the counts were last moved to. */
  #current = -Infinity;
  #callSum = 0;
  #retrySum = 0;
  #refused = 0;

  constructor(options: RetryBudgetOptions = {}) {
    const where = 'RetryBudget';
    const ratio = options.ratio ?? 0.2;
    if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1))
      throw optionError(where, 'ratio', 'a number in [0, 1]', ratio);
    this.ratio = ratio;
    this.minRetriesPerSecond = nonNegativeNumber(where, 'minRetriesPerSecond', options.minRetriesPerSecond ?? 10);
    this.ttlMs = positiveNumber(where, 'ttlMs', options.ttlMs ?? 10_000);
    if (options.clock !== undefined && (typeof options.clock !== 'object' || typeof options.clock.now !== 'function')) {
      throw optionError(where, 'clock', 'a Clock', options.clock);
    }
    this.#clock = options.clock ?? systemClock();
    this.#bucketMs = this.ttlMs / BUCKETS;
    markRetryBudget(this);
  }

  /** Counts one call (a first attempt). */
  recordCall(): void {
    const slot = this.#advance();
    this.#calls[slot]!++;
    this.#callSum++;
  }

  /** Takes one retry from the budget: true if it may be made, false (and counted as refused) if not. */
  tryRetry(): boolean {
    const slot = this.#advance();
    if (this.#retrySum + 1 > this.#allowance()) {
      this.#refused++;
      return false;
    }
    this.#retries[slot]!++;
    this.#retrySum++;
    return true;
  }

  stats(): RetryBudgetStats {
    this.#advance();
    return {
      calls: this.#callSum,
      retries: this.#retrySum,
      available: Math.max(0, Math.floor(this.#allowance() - this.#retrySum)),
      refused: this.#refused,
    };
  }

  #allowance(): number {
    return this.ratio * this.#callSum + (this.minRetriesPerSecond * this.ttlMs) / 1000;
  }

  /** Expires the buckets older than the window and returns the slot of now. */
  #advance(): number {
    const bucket = Math.floor(this.#clock.now() / this.#bucketMs);
    if (bucket !== this.#current) {
      // A clock that stepped back keeps the counts where they are (never a negative window).
      if (bucket > this.#current) {
        const expired = Math.min(bucket - this.#current, BUCKETS);
        for (let k = 1; k <= expired; k++) {
          const slot = (((bucket - expired + k) % BUCKETS) + BUCKETS) % BUCKETS;
          this.#callSum -= this.#calls[slot]!;
          this.#retrySum -= this.#retries[slot]!;
          this.#calls[slot] = 0;
          this.#retries[slot] = 0;
        }
        this.#current = bucket;
      }
    }
    return ((this.#current % BUCKETS) + BUCKETS) % BUCKETS;
  }
}
