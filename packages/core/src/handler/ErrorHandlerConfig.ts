import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import type { Jitter } from '../retry/RetryHandler.ts';

/** Tuning of one default recovery action (every action has `enabled` and `priority`). */
export interface RecoveryActionConfig {
  enabled?: boolean;
  /** Higher runs first; ties keep registration order. */
  priority?: number;
}

/**
 * The handler's configuration, typed and in milliseconds. `parseConfig`/`loadConfig` from
 * `@breakwater/core/config` produce it from the seed's YAML format (snake_case, seconds); code may also
 * write it directly. Every field is optional; defaults live in `defaultConfig`.
 */
export interface ErrorHandlerConfig {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * The longest wait a failure may ask for (Retry-After, `retryAfterMs`) and still be retried; one asking
   * more is not waited for: the call gives up at once (fallback, or the error). Default `maxDelayMs`.
   */
  maxRetryAfterMs?: number;
  exponentialBase?: number;
  jitter?: Jitter;
  circuitBreaker?: {
    failureThreshold?: number;
    recoveryTimeoutMs?: number;
    halfOpenMaxCalls?: number;
    successThreshold?: number;
  };
  recoveryActions?: {
    network_retry?: RecoveryActionConfig & { maxRetries?: number };
    rate_limit_wait?: RecoveryActionConfig & { waitTimeMs?: number };
    data_fallback?: RecoveryActionConfig & { cacheTtlMs?: number; maxEntries?: number };
    exchange_fallback?: RecoveryActionConfig & { paperTradingEnabled?: boolean };
  };
  /** Error contexts kept in memory, newest last. Default 1000. */
  historySize?: number;
  /** Bound on every per-key map (components, fingerprints, breakers' stats, cache). Default 1000. */
  maxTrackedKeys?: number;
  /** Exchange names that mark a message as an exchange failure (whole words, case-insensitive). */
  exchangeNames?: readonly string[];
  /** Run before the built-in classification, first match wins. */
  classificationRules?: readonly ClassificationRule[];
}
