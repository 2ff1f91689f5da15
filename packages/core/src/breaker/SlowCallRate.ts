import { nonNegativeInt, nonNegativeNumber, percentage } from '../errors/options.ts';
import type { BreakerStrategy, CallOutcome, StrategySpec, TripReason } from './BreakerStrategy.ts';
import type { SlidingWindow, WindowOptions } from './SlidingWindow.ts';
import { createWindow, minimumCallsFor, windowSpec } from './createWindow.ts';

export interface SlowCallRateOptions {
  /** A call taking longer than this is slow, whether it succeeded or not (resilience4j's rule). */
  slowCallDurationMs: number;
  /** Open when this percentage of calls in the window were slow. Default 100 (resilience4j's). */
  slowCallRateThreshold?: number;
  /** No decision before the window holds this many calls. Default 100, capped at a count window's size. */
  minimumCalls?: number;
  /** Default: the last 100 calls. */
  window?: WindowOptions;
}

/** Opens when too many recent calls were slow: a degrading exchange often slows down before it fails. */
export class SlowCallRate implements BreakerStrategy {
  readonly usesTime = true;
  readonly slowCallDurationMs: number;
  readonly slowCallRateThreshold: number;
  readonly minimumCalls: number;
  /** The window as configured (a time window's buckets filled in), kept for `toSpec`. */
  readonly window: WindowOptions;
  readonly #window: SlidingWindow;

  constructor(options: SlowCallRateOptions) {
    // Called from plain JS with nothing: name the missing option rather than fail on `undefined.x`.
    options ??= {} as SlowCallRateOptions;
    this.slowCallDurationMs = nonNegativeNumber('SlowCallRate', 'slowCallDurationMs', options.slowCallDurationMs);
    this.slowCallRateThreshold = percentage(
      'SlowCallRate',
      'slowCallRateThreshold',
      options.slowCallRateThreshold ?? 100,
    );
    const window = options.window ?? { type: 'count', size: 100 };
    this.#window = createWindow('SlowCallRate', window);
    this.window = windowSpec(window);
    this.minimumCalls = minimumCallsFor(
      window,
      nonNegativeInt('SlowCallRate', 'minimumCalls', options.minimumCalls ?? 100),
    );
  }

  /** Slow calls are not failures. */
  get failures(): number {
    return 0;
  }

  record(outcome: CallOutcome): TripReason | undefined {
    this.#window.add(outcome.at, outcome.durationMs > this.slowCallDurationMs);
    const total = this.#window.total(outcome.at);
    if (total === 0 || total < this.minimumCalls) return undefined;
    return (this.#window.flagged(outcome.at) * 100) / total >= this.slowCallRateThreshold
      ? 'slow-call-rate'
      : undefined;
  }

  /** resilience4j's rule: in HALF_OPEN a slow trial is a failed trial, even if it succeeded. */
  failsTrial(outcome: CallOutcome): boolean {
    return !outcome.success || outcome.durationMs > this.slowCallDurationMs;
  }

  toSpec(): StrategySpec {
    const { slowCallDurationMs, slowCallRateThreshold, minimumCalls, window } = this;
    return { kind: 'SlowCallRate', slowCallDurationMs, slowCallRateThreshold, minimumCalls, window: { ...window } };
  }

  reset(): void {
    this.#window.reset();
  }
}
