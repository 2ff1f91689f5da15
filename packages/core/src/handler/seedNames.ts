import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

/** How the YAML file writes a setting: its name there, and `seconds` where code has milliseconds. */
export interface SeedName {
  readonly seed: string;
  readonly seconds?: true;
}

/** Rows for every key of `T`, in the order converted configs list them: a key without a row does not compile. */
type SeedNames<T> = { readonly [K in keyof Required<T>]: SeedName };

type Breaker = NonNullable<ErrorHandlerConfig['circuitBreaker']>;
type Actions = NonNullable<ErrorHandlerConfig['recoveryActions']>;

const enabledAndPriority = { enabled: { seed: 'enabled' }, priority: { seed: 'priority' } } as const;

/**
 * Every setting's name in the YAML file, keyed by its name in code: `fromSeedFormat` and `toSeedFormat`
 * read these tables both ways, and `checkConfig` names the code key when a file key turns up in code. A new
 * setting is one row here (plus its check and default).
 */
export const SEED_NAMES = {
  maxRetries: { seed: 'max_retries' },
  baseDelayMs: { seed: 'base_delay', seconds: true },
  maxDelayMs: { seed: 'max_delay', seconds: true },
  maxRetryAfterMs: { seed: 'max_retry_after', seconds: true },
  exponentialBase: { seed: 'exponential_base' },
  jitter: { seed: 'jitter' },
  circuitBreaker: { seed: 'circuit_breaker' },
  recoveryActions: { seed: 'recovery_actions' },
  historySize: { seed: 'history_size' },
  maxTrackedKeys: { seed: 'max_tracked_keys' },
  exchangeNames: { seed: 'exchange_names' },
  classificationRules: { seed: 'classification_rules' },
} as const satisfies SeedNames<ErrorHandlerConfig>;

export const BREAKER_SEED_NAMES = {
  failureThreshold: { seed: 'failure_threshold' },
  recoveryTimeoutMs: { seed: 'recovery_timeout', seconds: true },
  halfOpenMaxCalls: { seed: 'half_open_max_calls' },
  successThreshold: { seed: 'success_threshold' },
} as const satisfies SeedNames<Breaker>;

/** The default recovery actions' settings (their names, `network_retry`…, are the same in code and file). */
export const ACTION_SEED_NAMES = {
  network_retry: { ...enabledAndPriority, maxRetries: { seed: 'max_retries' } },
  rate_limit_wait: { ...enabledAndPriority, waitTimeMs: { seed: 'wait_time', seconds: true } },
  data_fallback: {
    ...enabledAndPriority,
    cacheTtlMs: { seed: 'cache_ttl', seconds: true },
    maxEntries: { seed: 'max_entries' },
  },
  exchange_fallback: { ...enabledAndPriority, paperTradingEnabled: { seed: 'paper_trading_enabled' } },
} as const satisfies { readonly [K in keyof Required<Actions>]: SeedNames<NonNullable<Actions[K]>> };

/**
 * What `checkConfig` says of a file key met in code:
 * `recovery_timeout` → `name for recoveryTimeoutMs (in seconds there)`.
 */
export function seedNameHints(names: Readonly<Record<string, SeedName>>): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const [code, { seed, seconds }] of Object.entries(names)) {
    if (seed !== code) hints[seed] = `name for ${code}${seconds ? ' (in seconds there)' : ''}`;
  }
  return hints;
}
