import { ERROR_CATEGORIES } from '../classify/ErrorCategory.ts';
import { ERROR_SEVERITIES } from '../classify/ErrorSeverity.ts';
import type { ErrorHandler } from '../handler/ErrorHandler.ts';
import { RetryHandler } from '../retry/RetryHandler.ts';
import type { MetricName } from './metricFamilies.ts';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every metric's samples at one moment. */
export type Measurements = Record<MetricName, Sample[]>;

/** Breaker states as resilience4j's `state` label spells them; an isolated breaker is `forced_open`. */
export const BREAKER_STATE_LABELS = ['closed', 'open', 'half_open', 'forced_open'] as const;

/**
 * Reads every metric of `METRIC_FAMILIES` from the handler's own counters (breaker stats, handler stats): an
 * exporter calls it when scraped or collected, so measuring costs the caller's path nothing.
 */
export function measureHandler(
  handler: ErrorHandler,
  retries: ReadonlyMap<string, RetryHandler> = new Map(),
): Measurements {
  const stats = handler.stats();
  const m: Measurements = {
    circuitbreaker_state: [],
    circuitbreaker_calls: [],
    circuitbreaker_not_permitted_calls: [],
    circuitbreaker_failure_rate: [],
    circuitbreaker_failures: [],
    retry_calls: [...retries].flatMap(([name, retry]) => {
      const o = retry.outcomes();
      return [
        { labels: { name, kind: 'successful_without_retry' }, value: o.successfulWithoutRetry },
        { labels: { name, kind: 'successful_with_retry' }, value: o.successfulWithRetry },
        { labels: { name, kind: 'failed_without_retry' }, value: o.failedWithoutRetry },
        { labels: { name, kind: 'failed_with_retry' }, value: o.failedWithRetry },
      ];
    }),
    errors: ERROR_CATEGORIES.map((category) => ({ labels: { category }, value: stats.categoryCounts[category] })),
    errors_by_severity: ERROR_SEVERITIES.map((severity) => ({
      labels: { severity },
      value: stats.severityCounts[severity],
    })),
    errors_by_component: Object.entries(stats.errorCounts).map(([component, value]) => ({
      labels: { component },
      value,
    })),
    recovery: Object.entries(stats.recoveryStats).flatMap(([action, { success, failure }]) => [
      { labels: { action, outcome: 'success' }, value: success },
      { labels: { action, outcome: 'failure' }, value: failure },
    ]),
    trading_mode: (['live', 'paper'] as const).map((mode) => ({
      labels: { mode },
      value: stats.mode === mode ? 1 : 0,
    })),
    errors_last_minute: [{ labels: {}, value: stats.errorRate }],
    store_records: stats.storage
      ? [
          { labels: { outcome: 'written' }, value: stats.storage.written },
          { labels: { outcome: 'dropped' }, value: stats.storage.dropped },
        ]
      : [],
    store_failed_writes: stats.storage ? [{ labels: {}, value: stats.storage.failedWrites }] : [],
    store_queue_length: stats.storage ? [{ labels: {}, value: stats.storage.queued }] : [],
  };
  for (const breaker of handler.breakers.all()) {
    const b = breaker.stats();
    const name = b.name;
    const current = breaker.isolated
      ? 'forced_open'
      : b.state === 'HALF_OPEN'
        ? 'half_open'
        : b.state === 'OPEN'
          ? 'open'
          : 'closed';
    for (const state of BREAKER_STATE_LABELS)
      m.circuitbreaker_state.push({ labels: { name, state }, value: state === current ? 1 : 0 });
    m.circuitbreaker_calls.push(
      { labels: { name, kind: 'successful' }, value: b.successfulRequests },
      { labels: { name, kind: 'failed' }, value: b.failedRequests },
      { labels: { name, kind: 'ignored' }, value: b.ignoredRequests },
    );
    m.circuitbreaker_not_permitted_calls.push({ labels: { name }, value: b.rejectedRequests });
    m.circuitbreaker_failure_rate.push({ labels: { name }, value: b.totalRequests === 0 ? -1 : 100 - b.successRate });
    m.circuitbreaker_failures.push({ labels: { name }, value: b.failureCount });
  }
  return m;
}

/** Something that retries: a `RetryHandler`, or a `retrying()` policy (its `handler`). */
export type RetrySource = RetryHandler | { readonly handler: RetryHandler };

/**
 * The retries an exporter reports as `retry_calls{name}`, checked, with their outcomes tracked from now on.
 * `where` names the exporter in errors.
 */
export function trackedRetries(
  where: string,
  retries: Readonly<Record<string, RetrySource>> | undefined,
): Map<string, RetryHandler> {
  const tracked = new Map<string, RetryHandler>();
  for (const [name, source] of Object.entries(retries ?? {})) {
    const handler = source instanceof RetryHandler ? source : (source as { handler?: unknown } | null)?.handler;
    if (!(handler instanceof RetryHandler))
      throw new RangeError(`${where}: retries.${name} must be a RetryHandler or a retrying() policy`);
    handler.trackOutcomes();
    tracked.set(name, handler);
  }
  return tracked;
}
