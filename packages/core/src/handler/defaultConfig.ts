import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import { ConfigError } from '../errors/ConfigError.ts';
import type { Jitter } from '../retry/RetryHandler.ts';
import { checkConfig } from './checkConfig.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

/** Every setting with its value: what the handler actually runs on. */
export interface ResolvedConfig {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  exponentialBase: number;
  jitter: Jitter;
  circuitBreaker: {
    failureThreshold: number;
    recoveryTimeoutMs: number;
    halfOpenMaxCalls: number;
    successThreshold: number;
  };
  recoveryActions: {
    network_retry: { enabled: boolean; priority: number; maxRetries: number };
    rate_limit_wait: { enabled: boolean; priority: number; waitTimeMs: number };
    data_fallback: { enabled: boolean; priority: number; cacheTtlMs: number; maxEntries: number };
    exchange_fallback: { enabled: boolean; priority: number; paperTradingEnabled: boolean };
  };
  historySize: number;
  maxTrackedKeys: number;
  exchangeNames: readonly string[] | undefined;
  classificationRules: readonly ClassificationRule[];
}

/** The seed's defaults (its YAML file), in one place. */
export const defaultConfig: ResolvedConfig = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 60_000,
  exponentialBase: 2,
  jitter: true,
  circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000, halfOpenMaxCalls: 1, successThreshold: 1 },
  recoveryActions: {
    network_retry: { enabled: true, priority: 1, maxRetries: 3 },
    rate_limit_wait: { enabled: true, priority: 2, waitTimeMs: 60_000 },
    data_fallback: { enabled: true, priority: 3, cacheTtlMs: 3_600_000, maxEntries: 1000 },
    exchange_fallback: { enabled: true, priority: 4, paperTradingEnabled: true },
  },
  historySize: 1000,
  maxTrackedKeys: 1000,
  exchangeNames: undefined,
  classificationRules: [],
};

const isMap = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `given` over `defaults` in the defaults' key order; every map is a new one (the defaults stay as they are). */
function fill(defaults: object, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults, ...given };
  for (const [key, base] of Object.entries(defaults)) {
    if (isMap(base)) out[key] = fill(base, (given[key] ?? {}) as Record<string, unknown>);
  }
  return out;
}

/**
 * Checks `config` (see `checkConfig`) and fills in defaults. Problems throw one `ConfigError` naming each key
 * path; `source` says where the config came in (`new ErrorHandler(config)`, `ErrorHandler.configure(config)`).
 */
export function resolveConfig(config: ErrorHandlerConfig = {}, source = 'resolveConfig(config)'): ResolvedConfig {
  // The checked copy holds only the keys given (no undefined ones): spread over the defaults, it overrides
  // exactly those, and the defaults keep their order.
  const c = checkConfig(config, source);
  const d = defaultConfig;
  const resolved = fill(d, c as Record<string, unknown>) as unknown as ResolvedConfig;
  // Follow other settings unless given, like the RetryHandler option and the action they feed.
  resolved.maxRetryAfterMs = c.maxRetryAfterMs ?? resolved.maxDelayMs;
  resolved.recoveryActions.network_retry.maxRetries =
    c.recoveryActions?.network_retry?.maxRetries ?? c.maxRetries ?? d.recoveryActions.network_retry.maxRetries;
  // Checked on the merged values: a maxDelayMs alone may fall below the default base delay.
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    const message = `expected at least baseDelayMs (${resolved.baseDelayMs}), got ${resolved.maxDelayMs}`;
    throw new ConfigError([{ path: 'maxDelayMs', message }], source);
  }
  return resolved;
}
