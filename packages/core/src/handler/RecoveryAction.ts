import type { ErrorContext } from '../classify/ErrorContext.ts';
import type { TradingMode } from '../mode/TradingMode.ts';
import type { RetryHandler } from '../retry/RetryHandler.ts';
import type { Clock } from '../time/Clock.ts';
import type { ResultCache } from './ResultCache.ts';

/** What a recovery action decided; the caller (e.g. `handleErrors`) carries it out. */
export type RecoveryOutcome =
  | { type: 'retry'; delayMs: number }
  /** `ageMs`: how old the value is, when it is a kept result (`data_fallback`). */
  | { type: 'fallback'; value: unknown; ageMs?: number }
  | { type: 'degrade'; mode: TradingMode }
  | { type: 'recovered' }
  | { type: 'failed' };

/** What actions may use: the handler's backoff, its cache of last good results, its mode. */
export interface RecoveryTools {
  clock: Clock;
  /** Backoff as configured (`calculateDelay`). */
  backoff: RetryHandler;
  /** Last good results by operation (for `data_fallback`). */
  cache: ResultCache;
  readonly mode: TradingMode;
  setMode(mode: TradingMode, reason: string): void;
  /** Where this call's last good result is cached, when the call opted in (`handleErrors({ cache })`). */
  readonly cacheKey?: string;
}

export interface RecoveryAction {
  name: string;
  /** Higher runs first; ties keep the order actions were added in. */
  priority: number;
  /** All must hold for the action to run; empty means always. */
  conditions: ReadonlyArray<(ctx: ErrorContext, tools: RecoveryTools) => boolean>;
  /** `true`/`false` are shorthands for `{ type: 'recovered' }` / `{ type: 'failed' }`. A throw is a failure. */
  action(ctx: ErrorContext, tools: RecoveryTools): boolean | RecoveryOutcome | Promise<boolean | RecoveryOutcome>;
}

/** Normalises what an action returned; anything unrecognised is a failure, not a silent success. */
export function toOutcome(value: unknown): RecoveryOutcome {
  if (value === true) return { type: 'recovered' };
  if (value === false || value == null) return { type: 'failed' };
  if (typeof value === 'object' && 'type' in value) {
    const outcome = value as RecoveryOutcome;
    switch (outcome.type) {
      case 'retry':
        return Number.isFinite(outcome.delayMs) && outcome.delayMs >= 0 ? outcome : { type: 'failed' };
      case 'fallback':
      case 'degrade':
      case 'recovered':
      case 'failed':
        return outcome;
    }
  }
  return { type: 'failed' };
}
