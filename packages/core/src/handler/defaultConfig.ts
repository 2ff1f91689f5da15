import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import { nonNegativeInt, nonNegativeNumber, optionError, positiveInt } from '../errors/options.ts';
import type { Jitter } from '../retry/RetryHandler.ts';
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

/** Fills in defaults and checks what code (not the config loader) passed in; RangeErrors name the key. */
export function resolveConfig(config: ErrorHandlerConfig = {}): ResolvedConfig {
  const d = defaultConfig;
  const where = 'ErrorHandler config';
  const actions = config.recoveryActions ?? {};
  const priority = (name: string, value: number | undefined, fallback: number) => {
    const p = value ?? fallback;
    if (!Number.isFinite(p)) throw optionError(where, `recoveryActions.${name}.priority`, 'a finite number', p);
    return p;
  };
  const maxDelayMs = nonNegativeNumber(where, 'maxDelayMs', config.maxDelayMs ?? d.maxDelayMs);
  const resolved: ResolvedConfig = {
    maxRetries: nonNegativeInt(where, 'maxRetries', config.maxRetries ?? d.maxRetries),
    baseDelayMs: nonNegativeNumber(where, 'baseDelayMs', config.baseDelayMs ?? d.baseDelayMs),
    maxDelayMs,
    // Follows maxDelayMs unless given, like the RetryHandler option it feeds.
    maxRetryAfterMs: nonNegativeNumber(where, 'maxRetryAfterMs', config.maxRetryAfterMs ?? maxDelayMs),
    exponentialBase: nonNegativeNumber(where, 'exponentialBase', config.exponentialBase ?? d.exponentialBase),
    jitter: config.jitter ?? d.jitter,
    circuitBreaker: {
      failureThreshold: positiveInt(where, 'circuitBreaker.failureThreshold', config.circuitBreaker?.failureThreshold ?? d.circuitBreaker.failureThreshold),
      recoveryTimeoutMs: nonNegativeNumber(where, 'circuitBreaker.recoveryTimeoutMs', config.circuitBreaker?.recoveryTimeoutMs ?? d.circuitBreaker.recoveryTimeoutMs),
      halfOpenMaxCalls: positiveInt(where, 'circuitBreaker.halfOpenMaxCalls', config.circuitBreaker?.halfOpenMaxCalls ?? d.circuitBreaker.halfOpenMaxCalls),
      successThreshold: positiveInt(where, 'circuitBreaker.successThreshold', config.circuitBreaker?.successThreshold ?? d.circuitBreaker.successThreshold),
    },
    recoveryActions: {
      network_retry: {
        enabled: actions.network_retry?.enabled ?? true,
        priority: priority('network_retry', actions.network_retry?.priority, d.recoveryActions.network_retry.priority),
        maxRetries: nonNegativeInt(where, 'recoveryActions.network_retry.maxRetries', actions.network_retry?.maxRetries ?? config.maxRetries ?? d.recoveryActions.network_retry.maxRetries),
      },
      rate_limit_wait: {
        enabled: actions.rate_limit_wait?.enabled ?? true,
        priority: priority('rate_limit_wait', actions.rate_limit_wait?.priority, d.recoveryActions.rate_limit_wait.priority),
        waitTimeMs: nonNegativeNumber(where, 'recoveryActions.rate_limit_wait.waitTimeMs', actions.rate_limit_wait?.waitTimeMs ?? d.recoveryActions.rate_limit_wait.waitTimeMs),
      },
      data_fallback: {
        enabled: actions.data_fallback?.enabled ?? true,
        priority: priority('data_fallback', actions.data_fallback?.priority, d.recoveryActions.data_fallback.priority),
        cacheTtlMs: nonNegativeNumber(where, 'recoveryActions.data_fallback.cacheTtlMs', actions.data_fallback?.cacheTtlMs ?? d.recoveryActions.data_fallback.cacheTtlMs),
        maxEntries: positiveInt(where, 'recoveryActions.data_fallback.maxEntries', actions.data_fallback?.maxEntries ?? d.recoveryActions.data_fallback.maxEntries),
      },
      exchange_fallback: {
        enabled: actions.exchange_fallback?.enabled ?? true,
        priority: priority('exchange_fallback', actions.exchange_fallback?.priority, d.recoveryActions.exchange_fallback.priority),
        paperTradingEnabled: actions.exchange_fallback?.paperTradingEnabled ?? true,
      },
    },
    historySize: positiveInt(where, 'historySize', config.historySize ?? d.historySize),
    maxTrackedKeys: positiveInt(where, 'maxTrackedKeys', config.maxTrackedKeys ?? d.maxTrackedKeys),
    exchangeNames: config.exchangeNames ?? d.exchangeNames,
    classificationRules: config.classificationRules ?? d.classificationRules,
  };
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    throw optionError(where, 'maxDelayMs', `at least baseDelayMs (${resolved.baseDelayMs})`, resolved.maxDelayMs);
  }
  return resolved;
}
