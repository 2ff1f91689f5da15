import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import type { ErrorHandlerConfig, RecoveryActionConfig } from '../handler/ErrorHandlerConfig.ts';
import type { SeedConfig } from './configSchema.ts';
import { defined } from './defined.ts';

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function action(config: RecoveryActionConfig): { enabled?: boolean; priority?: number } {
  return { enabled: config.enabled, priority: config.priority };
}

type SeedRule = NonNullable<SeedConfig['classification_rules']>[number];

function rule(config: ClassificationRule): SeedRule {
  const { names, codes, statuses, message } = config.match;
  return defined<SeedRule>({
    name: config.name,
    // The file has no RegExp syntax: a RegExp is shown as `/source/flags` text, and a `test` function
    // (code only) is left out.
    match: defined({
      names: names && [...names],
      codes: codes && [...codes],
      statuses: statuses && [...statuses],
      message: message === undefined ? undefined : String(message),
    }),
    category: config.category,
    severity: config.severity,
    retryable: config.retryable,
  });
}

/**
 * The inverse of `parseConfig`: an `ErrorHandlerConfig` as the `error_handling` section of the seed's file
 * (snake_case, seconds), e.g. for a devtools summary. Lossless except for what the file cannot express
 * (RegExp messages, `test` functions).
 */
export function toSeedFormat(config: ErrorHandlerConfig): SeedConfig {
  const breaker = config.circuitBreaker;
  const actions = config.recoveryActions;
  const network = actions?.network_retry;
  const rateLimit = actions?.rate_limit_wait;
  const data = actions?.data_fallback;
  const exchange = actions?.exchange_fallback;
  return defined<SeedConfig>({
    max_retries: config.maxRetries,
    base_delay: seconds(config.baseDelayMs),
    max_delay: seconds(config.maxDelayMs),
    max_retry_after: seconds(config.maxRetryAfterMs),
    exponential_base: config.exponentialBase,
    jitter: config.jitter,
    circuit_breaker:
      breaker &&
      defined({
        failure_threshold: breaker.failureThreshold,
        recovery_timeout: seconds(breaker.recoveryTimeoutMs),
        half_open_max_calls: breaker.halfOpenMaxCalls,
        success_threshold: breaker.successThreshold,
      }),
    recovery_actions:
      actions &&
      defined({
        network_retry: network && defined({ ...action(network), max_retries: network.maxRetries }),
        rate_limit_wait: rateLimit && defined({ ...action(rateLimit), wait_time: seconds(rateLimit.waitTimeMs) }),
        data_fallback:
          data && defined({ ...action(data), cache_ttl: seconds(data.cacheTtlMs), max_entries: data.maxEntries }),
        exchange_fallback:
          exchange && defined({ ...action(exchange), paper_trading_enabled: exchange.paperTradingEnabled }),
      }),
    history_size: config.historySize,
    max_tracked_keys: config.maxTrackedKeys,
    exchange_names: config.exchangeNames && [...config.exchangeNames],
    classification_rules: config.classificationRules?.map(rule),
  });
}
