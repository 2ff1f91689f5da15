import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import type { ErrorHandlerConfig, RecoveryActionConfig } from '../handler/ErrorHandlerConfig.ts';
import type { SeedConfig } from './configSchema.ts';
import { defined } from './defined.ts';

/**
 * Seconds to milliseconds, rounded to the microsecond so binary fractions do not leak into the config
 * (`0.1 * 1000` is `100.00000000000001`).
 */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1_000_000) / 1000;
}

function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : secondsToMs(seconds);
}

function action(seed: { enabled?: boolean | undefined; priority?: number | undefined }): RecoveryActionConfig {
  return { enabled: seed.enabled, priority: seed.priority };
}

function rule(seed: NonNullable<SeedConfig['classification_rules']>[number]): ClassificationRule {
  const { names, codes, statuses, message } = seed.match;
  return defined<ClassificationRule>({
    name: seed.name,
    match: defined({ names, codes: codes?.map(String), statuses, message }),
    category: seed.category,
    severity: seed.severity,
    retryable: seed.retryable,
  });
}

/** The validated file section (snake_case, seconds) as the handler's config (camelCase, milliseconds). */
export function fromSeedFormat(seed: SeedConfig): ErrorHandlerConfig {
  const breaker = seed.circuit_breaker;
  const actions = seed.recovery_actions;
  const network = actions?.network_retry;
  const rateLimit = actions?.rate_limit_wait;
  const data = actions?.data_fallback;
  const exchange = actions?.exchange_fallback;
  return defined<ErrorHandlerConfig>({
    maxRetries: seed.max_retries,
    baseDelayMs: ms(seed.base_delay),
    maxDelayMs: ms(seed.max_delay),
    maxRetryAfterMs: ms(seed.max_retry_after),
    exponentialBase: seed.exponential_base,
    jitter: seed.jitter,
    circuitBreaker:
      breaker &&
      defined({
        failureThreshold: breaker.failure_threshold,
        recoveryTimeoutMs: ms(breaker.recovery_timeout),
        halfOpenMaxCalls: breaker.half_open_max_calls,
        successThreshold: breaker.success_threshold,
      }),
    recoveryActions:
      actions &&
      defined({
        network_retry: network && defined({ ...action(network), maxRetries: network.max_retries }),
        rate_limit_wait: rateLimit && defined({ ...action(rateLimit), waitTimeMs: ms(rateLimit.wait_time) }),
        data_fallback:
          data && defined({ ...action(data), cacheTtlMs: ms(data.cache_ttl), maxEntries: data.max_entries }),
        exchange_fallback:
          exchange && defined({ ...action(exchange), paperTradingEnabled: exchange.paper_trading_enabled }),
      }),
    historySize: seed.history_size,
    maxTrackedKeys: seed.max_tracked_keys,
    exchangeNames: seed.exchange_names,
    classificationRules: seed.classification_rules?.map(rule),
  });
}
