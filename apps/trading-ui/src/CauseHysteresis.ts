// Keeps the banner from flickering: a failure cause is shown only once it holds, replaced only by a cause that
// holds more, and cleared only after a sustained recovery. Pure (times are passed in), so tests drive it with
// exact sequences.
import type { ExchangeCause } from './exchangeCause.ts';

export interface HysteresisOptions {
  /** How many of the latest results are weighed. */
  window: number;
  /** A cause is shown once this many of the weighed results failed (named by the most frequent cause)… */
  confirmResults: number;
  /** …or once failures in a row have lasted this long (first to last). */
  confirmMs: number;
  /** The shown cause clears after this many successes in a row… */
  clearResults: number;
  /** …spanning at least this long (first to last success). */
  clearMs: number;
}

export const DEFAULT_HYSTERESIS: HysteresisOptions = {
  window: 6,
  confirmResults: 3,
  confirmMs: 3000,
  clearResults: 3,
  clearMs: 5000,
};

interface Run {
  since: number;
  count: number;
}

/**
 * The cause the banner shows, from request results in time order. From "all good", a cause shows when failures
 * hold (`confirmResults` of the last `window` results, or failures in a row for `confirmMs`); a shown cause
 * gives way to another only when that one holds more often in the window, or alone for `confirmMs`; it clears
 * after `clearResults` successes in a row over `clearMs`. Intermittent failures (40% rate limits) show and stay
 * shown; a lone failure, or a success among failures, changes nothing.
 */
export class CauseHysteresis {
  readonly #options: HysteresisOptions;
  #shown: ExchangeCause | undefined;
  /** The latest results, oldest first: a cause, or undefined for a success. */
  #recent: Array<ExchangeCause | undefined> = [];
  /** Failures in a row, whatever their cause. */
  #failing: Run | undefined;
  /** Failures in a row of one cause. */
  #holding: (Run & { cause: ExchangeCause }) | undefined;
  #succeeding: Run | undefined;

  constructor(options: Partial<HysteresisOptions> = {}) {
    const merged = { ...DEFAULT_HYSTERESIS, ...options };
    for (const [key, value] of Object.entries(merged)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`CauseHysteresis: options.${key} must be a finite number >= 0, got ${String(value)}`);
      }
    }
    if (merged.window < 1 || merged.confirmResults > merged.window) {
      throw new RangeError(
        `CauseHysteresis: options.window must be >= 1 and >= confirmResults (${merged.confirmResults}), ` +
          `got ${merged.window}`,
      );
    }
    this.#options = merged;
  }

  get shown(): ExchangeCause | undefined {
    return this.#shown;
  }

  /** A request failed with `cause` at `at` (ms). Returns whether the shown cause changed. */
  failure(cause: ExchangeCause, at: number): boolean {
    this.#push(cause);
    this.#succeeding = undefined;
    this.#failing = extend(this.#failing, at);
    this.#holding =
      this.#holding?.cause === cause ? { ...extend(this.#holding, at), cause } : { since: at, count: 1, cause };
    const { confirmResults, confirmMs } = this.#options;
    const counts = this.#counts();
    const leader = leading(counts, cause);
    let next = this.#shown;
    if (next === undefined) {
      const failures = this.#recent.filter((c) => c !== undefined).length;
      if (failures >= confirmResults || at - this.#failing.since >= confirmMs) next = leader;
    } else if (
      leader !== next &&
      counts.get(leader)! >= confirmResults &&
      counts.get(leader)! > (counts.get(next) ?? 0)
    ) {
      next = leader;
    } else if (cause !== next && at - this.#holding.since >= confirmMs) {
      next = cause;
    }
    return this.#show(next);
  }

  /** A request succeeded at `at` (ms). Returns whether the shown cause cleared. */
  success(at: number): boolean {
    this.#push(undefined);
    this.#failing = undefined;
    this.#holding = undefined;
    this.#succeeding = extend(this.#succeeding, at);
    const { clearResults, clearMs } = this.#options;
    const recovered = this.#succeeding.count >= clearResults && at - this.#succeeding.since >= clearMs;
    return this.#show(recovered ? undefined : this.#shown);
  }

  #push(result: ExchangeCause | undefined): void {
    this.#recent.push(result);
    if (this.#recent.length > this.#options.window) this.#recent.shift();
  }

  #counts(): Map<ExchangeCause, number> {
    const counts = new Map<ExchangeCause, number>();
    for (const c of this.#recent) if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
    return counts;
  }

  #show(next: ExchangeCause | undefined): boolean {
    if (next === this.#shown) return false;
    this.#shown = next;
    return true;
  }
}

function extend(run: Run | undefined, at: number): Run {
  return run ? { since: run.since, count: run.count + 1 } : { since: at, count: 1 };
}

/** The most frequent cause; a tie goes to `latest` when it is among the most frequent. */
function leading(counts: Map<ExchangeCause, number>, latest: ExchangeCause): ExchangeCause {
  let best = latest;
  for (const [cause, n] of counts) if (n > counts.get(best)!) best = cause;
  return best;
}
