import { nonNegativeInt, percentage } from '../errors/options.ts';
import type { BreakerStrategy, CallOutcome, TripReason } from './BreakerStrategy.ts';
import type { SlidingWindow, WindowOptions } from './SlidingWindow.ts';
import { createWindow, minimumCallsFor } from './createWindow.ts';

export interface FailureRateOptions {
  /** Open when this percentage of calls in the window failed. Default 50. */
  failureRateThreshold?: number;
  /**
   * No decision before the window holds this many calls. Default 100 (resilience4j's). Capped at the size of
   * a count window, as resilience4j does, since a window of 10 calls can never hold 100.
   */
  minimumCalls?: number;
  /** Default: the last 100 calls. */
  window?: WindowOptions;
}

/** Opens when the failure rate over a sliding window (count- or time-based) reaches a threshold. */
export class FailureRate implements BreakerStrategy {
  readonly failureRateThreshold: number;
  readonly minimumCalls: number;
  readonly #window: SlidingWindow;
  /** A time window needs each outcome's time; a count window does not. */
  readonly usesTime: boolean;
  #lastAt = 0;

  constructor(options: FailureRateOptions = {}) {
    this.failureRateThreshold = percentage('FailureRate', 'failureRateThreshold', options.failureRateThreshold ?? 50);
    const window = options.window ?? { type: 'count', size: 100 };
    this.#window = createWindow('FailureRate', window);
    this.usesTime = window.type === 'time';
    this.minimumCalls = minimumCallsFor(window, nonNegativeInt('FailureRate', 'minimumCalls', options.minimumCalls ?? 100));
  }

  get failures(): number {
    return this.#window.flagged(this.#lastAt);
  }

  record(outcome: CallOutcome): TripReason | undefined {
    this.#lastAt = outcome.at;
    this.#window.add(outcome.at, !outcome.success);
    const total = this.#window.total(outcome.at);
    if (total === 0 || total < this.minimumCalls) return undefined;
    return (this.#window.flagged(outcome.at) * 100) / total >= this.failureRateThreshold ? 'failure-rate' : undefined;
  }

  reset(): void {
    this.#window.reset();
  }
}
