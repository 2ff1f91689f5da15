// Keeps the banner from flickering: a failure cause is shown only once it holds, and cleared only after a
// sustained recovery. Pure (times are passed in), so tests drive it with exact sequences.
import type { ExchangeCause } from './exchangeCause.ts';

export interface HysteresisOptions {
  /** A new cause is shown after this many failures of it in a row… */
  confirmResults: number;
  /** …or once it has held this long (first to last failure of it, nothing else in between). */
  confirmMs: number;
  /** The shown cause clears after this many successes in a row… */
  clearResults: number;
  /** …spanning at least this long (first to last success). */
  clearMs: number;
}

export const DEFAULT_HYSTERESIS: HysteresisOptions = { confirmResults: 3, confirmMs: 3000, clearResults: 3, clearMs: 5000 };

interface Run {
  since: number;
  count: number;
}

/** The cause the banner shows, from request results in time order. */
export class CauseHysteresis {
  readonly #options: HysteresisOptions;
  #shown: ExchangeCause | undefined;
  /** Failures in a row, whatever their cause: a failing exchange is shown even when the causes alternate. */
  #failures = 0;
  #candidate: (Run & { cause: ExchangeCause }) | undefined;
  #successes: Run | undefined;

  constructor(options: Partial<HysteresisOptions> = {}) {
    const merged = { ...DEFAULT_HYSTERESIS, ...options };
    for (const [key, value] of Object.entries(merged)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`CauseHysteresis: options.${key} must be a finite number >= 0, got ${String(value)}`);
      }
    }
    this.#options = merged;
  }

  get shown(): ExchangeCause | undefined {
    return this.#shown;
  }

  /** A request failed with `cause` at `at` (ms). Returns whether the shown cause changed. */
  failure(cause: ExchangeCause, at: number): boolean {
    this.#successes = undefined;
    this.#failures++;
    if (cause === this.#shown) {
      this.#candidate = undefined;
      return false;
    }
    if (this.#candidate?.cause !== cause) this.#candidate = { cause, since: at, count: 0 };
    this.#candidate.count++;
    const { confirmResults, confirmMs } = this.#options;
    const held = this.#candidate.count >= confirmResults || at - this.#candidate.since >= confirmMs;
    // From "all good", failures in a row are enough (the latest cause names them); from one cause to another,
    // the new one must hold by itself.
    const failing = this.#shown === undefined && this.#failures >= confirmResults;
    if (!held && !failing) return false;
    this.#shown = cause;
    this.#candidate = undefined;
    return true;
  }

  /** A request succeeded at `at` (ms). Returns whether the shown cause cleared. */
  success(at: number): boolean {
    this.#failures = 0;
    this.#candidate = undefined;
    if (this.#shown === undefined) return false;
    this.#successes ??= { since: at, count: 0 };
    this.#successes.count++;
    if (this.#successes.count < this.#options.clearResults || at - this.#successes.since < this.#options.clearMs) return false;
    this.#shown = undefined;
    this.#successes = undefined;
    return true;
  }
}
