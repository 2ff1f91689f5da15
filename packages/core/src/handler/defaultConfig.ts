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
  circuitBreaker: { failureThreshold: number; recoveryTimeoutMs: number; halfOpenMaxCalls: number; successThreshold: number };
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

/**
 * Checks `config` (see `checkConfig`) and fills in defaults. Problems throw one `ConfigError` naming each key
 * path; `source` says where the config came in (`new ErrorHandler(config)`, `ErrorHandler.configure(config)`).
 */
export function resolveConfig(config: ErrorHandlerConfig = {}, source = 'resolveConfig(config)'): ResolvedConfig {
  const c = checkConfig(config, source);
  const d = defaultConfig;
  const breaker = c.circuitBreaker ?? {};
  const actions = c.recoveryActions ?? {};
  const network = actions.network_retry ?? {};
  const rateLimit = actions.rate_limit_wait ?? {};
  const data = actions.data_fallback ?? {};
  const exchange = actions.exchange_fallback ?? {};
  const resolved: ResolvedConfig = {
    maxRetries: c.maxRetries ?? d.maxRetries,
    baseDelayMs: c.baseDelayMs ?? d.baseDelayMs,
    maxDelayMs: c.maxDelayMs ?? d.maxDelayMs,
    // Follows maxDelayMs unless given, like the RetryHandler option it feeds.
    maxRetryAfterMs: c.maxRetryAfterMs ?? c.maxDelayMs ?? d.maxDelayMs,
    exponentialBase: c.exponentialBase ?? d.exponentialBase,
    jitter: c.jitter ?? d.jitter,
    circuitBreaker: {
      failureThreshold: breaker.failureThreshold ?? d.circuitBreaker.failureThreshold,
      recoveryTimeoutMs: breaker.recoveryTimeoutMs ?? d.circuitBreaker.recoveryTimeoutMs,
      halfOpenMaxCalls: breaker.halfOpenMaxCalls ?? d.circuitBreaker.halfOpenMaxCalls,
      successThreshold: breaker.successThreshold ?? d.circuitBreaker.successThreshold,
    },
    recoveryActions: {
      network_retry: {
        enabled: network.enabled ?? d.recoveryActions.network_retry.enabled,
        priority: network.priority ?? d.recoveryActions.network_retry.priority,
        maxRetries: network.maxRetries ?? c.maxRetries ?? d.recoveryActions.network_retry.maxRetries,
      },
      rate_limit_wait: {
        enabled: rateLimit.enabled ?? d.recoveryActions.rate_limit_wait.enabled,
        priority: rateLimit.priority ?? d.recoveryActions.rate_limit_wait.priority,
        waitTimeMs: rateLimit.waitTimeMs ?? d.recoveryActions.rate_limit_wait.waitTimeMs,
      },
      data_fallback: {
        enabled: data.enabled ?? d.recoveryActions.data_fallback.enabled,
        priority: data.priority ?? d.recoveryActions.data_fallback.priority,
        cacheTtlMs: data.cacheTtlMs ?? d.recoveryActions.data_fallback.cacheTtlMs,
        maxEntries: data.maxEntries ?? d.recoveryActions.data_fallback.maxEntries,
      },
      exchange_fallback: {
        enabled: exchange.enabled ?? d.recoveryActions.exchange_fallback.enabled,
        priority: exchange.priority ?? d.recoveryActions.exchange_fallback.priority,
        paperTradingEnabled: exchange.paperTradingEnabled ?? d.recoveryActions.exchange_fallback.paperTradingEnabled,
      },
    },
    historySize: c.historySize ?? d.historySize,
    maxTrackedKeys: c.maxTrackedKeys ?? d.maxTrackedKeys,
    exchangeNames: c.exchangeNames ?? d.exchangeNames,
    classificationRules: c.classificationRules ?? d.classificationRules,
  };
  // Checked on the merged values: a maxDelayMs alone may fall below the default base delay.
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    const message = `expected at least baseDelayMs (${resolved.baseDelayMs}), got ${resolved.maxDelayMs}`;
    throw new ConfigError([{ path: 'maxDelayMs', message }], source);
  }
  return resolved;
}
