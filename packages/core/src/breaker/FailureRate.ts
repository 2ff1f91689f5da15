import { nonNegativeInt, percentage } from '../errors/options.ts';
import type { BreakerStrategy, CallOutcome, StrategySpec, TripReason } from './BreakerStrategy.ts';
import type { SlidingWindow, WindowOptions } from './SlidingWindow.ts';
import { createWindow, minimumCallsFor, windowSpec } from './createWindow.ts';

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
  /** The window as configured (a time window's buckets filled in), kept for `toSpec`. */
  readonly window: WindowOptions;
  readonly #window: SlidingWindow;
  /** A time window needs each outcome's time; a count window does not. */
  readonly usesTime: boolean;
  #lastAt = 0;

  constructor(options: FailureRateOptions = {}) {
    this.failureRateThreshold = percentage('FailureRate', 'failureRateThreshold', options.failureRateThreshold ?? 50);
    const window = options.window ?? { type: 'count', size: 100 };
    this.#window = createWindow('FailureRate', window);
    this.window = windowSpec(window);
    this.usesTime = window.type === 'time';
    this.minimumCalls = minimumCallsFor(
      window,
      nonNegativeInt('FailureRate', 'minimumCalls', options.minimumCalls ?? 100),
    );
  }

  /** Failures in the window at the last call; the breaker reads `failuresAt(now)`. */
  get failures(): number {
    return this.#window.flagged(this.#lastAt);
  }

  failuresAt(at: number): number {
    return this.#window.flagged(at);
  }

  failsTrial(outcome: CallOutcome): boolean {
    return !outcome.success;
  }

  toSpec(): StrategySpec {
    const { failureRateThreshold, minimumCalls, window } = this;
    return { kind: 'FailureRate', failureRateThreshold, minimumCalls, window: { ...window } };
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
