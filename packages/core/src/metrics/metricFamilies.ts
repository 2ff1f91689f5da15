/** One metric as every exporter names it. */
export interface MetricFamily {
  /** Prometheus: `<prefix><name>`, `_total` added to counters. */
  name: MetricName;
  /** OpenTelemetry: `<prefix><otelName>`, dots between namespaces as its conventions have it. */
  otelName: string;
  /** `counter`: only grows (a total read from the handler); `gauge`: a value now. */
  kind: 'counter' | 'gauge';
  help: string;
  /** UCUM unit for OpenTelemetry (`1` for counts). */
  unit: string;
  labelNames: readonly string[];
}

export type MetricName =
  | 'circuitbreaker_state'
  | 'circuitbreaker_calls'
  | 'circuitbreaker_not_permitted_calls'
  | 'circuitbreaker_failure_rate'
  | 'circuitbreaker_failures'
  | 'retry_calls'
  | 'errors'
  | 'errors_by_severity'
  | 'errors_by_component'
  | 'recovery'
  | 'trading_mode'
  | 'errors_last_minute'
  | 'store_records'
  | 'store_failed_writes'
  | 'store_queue_length';

/**
 * What Breakwater measures, in one table. The names follow resilience4j's well-known set
 * (`circuitbreaker_state{name,state}`, `circuitbreaker_calls{kind}`, `circuitbreaker_not_permitted_calls`,
 * `circuitbreaker_failure_rate`), so boards built for it fit with the prefix swapped.
 */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    name: 'circuitbreaker_state',
    otelName: 'circuitbreaker.state',
    kind: 'gauge',
    unit: '1',
    labelNames: ['name', 'state'],
    help: 'Circuit breaker state: 1 for the current state (closed, open, half_open, forced_open), 0 for the others',
  },
  {
    name: 'circuitbreaker_calls',
    otelName: 'circuitbreaker.calls',
    kind: 'counter',
    unit: '1',
    labelNames: ['name', 'kind'],
    help: 'Calls a circuit breaker let through, by outcome (successful, failed, ignored)',
  },
  {
    name: 'circuitbreaker_not_permitted_calls',
    otelName: 'circuitbreaker.not_permitted_calls',
    kind: 'counter',
    unit: '1',
    labelNames: ['name'],
    help: 'Calls a circuit breaker refused',
  },
  {
    name: 'circuitbreaker_failure_rate',
    otelName: 'circuitbreaker.failure_rate',
    kind: 'gauge',
    unit: '%',
    labelNames: ['name'],
    help: 'Percent of counted calls that failed since the start; -1 before any call',
  },
  {
    name: 'circuitbreaker_failures',
    otelName: 'circuitbreaker.failures',
    kind: 'gauge',
    unit: '1',
    labelNames: ['name'],
    help: 'Failures a circuit breaker holds against its threshold now',
  },
  {
    name: 'retry_calls',
    otelName: 'retry.calls',
    kind: 'counter',
    unit: '1',
    labelNames: ['name', 'kind'],
    help:
      'Calls through a retry, finished, by outcome ' +
      '(successful_without_retry, successful_with_retry, failed_without_retry, failed_with_retry)',
  },
  {
    name: 'errors',
    otelName: 'errors',
    kind: 'counter',
    unit: '1',
    labelNames: ['category'],
    help: 'Errors handled, by category',
  },
  {
    name: 'errors_by_severity',
    otelName: 'errors.by_severity',
    kind: 'counter',
    unit: '1',
    labelNames: ['severity'],
    help: 'Errors handled, by severity',
  },
  {
    name: 'errors_by_component',
    otelName: 'errors.by_component',
    kind: 'counter',
    unit: '1',
    labelNames: ['component'],
    help: 'Errors handled, by component (past maxTrackedKeys components, under "(other)")',
  },
  {
    name: 'recovery',
    otelName: 'recovery',
    kind: 'counter',
    unit: '1',
    labelNames: ['action', 'outcome'],
    help: 'Recovery actions run, by action and outcome (success, failure)',
  },
  {
    name: 'trading_mode',
    otelName: 'trading.mode',
    kind: 'gauge',
    unit: '1',
    labelNames: ['mode'],
    help: 'Trading mode: 1 for the current mode (live, paper), 0 for the other',
  },
  {
    name: 'errors_last_minute',
    otelName: 'errors.last_minute',
    kind: 'gauge',
    unit: '1',
    labelNames: [],
    help: 'Errors handled in the last minute',
  },
  {
    name: 'store_records',
    otelName: 'store.records',
    kind: 'counter',
    unit: '1',
    labelNames: ['outcome'],
    help: 'History records given to the store writer, by outcome (written, dropped when its queue was full)',
  },
  {
    name: 'store_failed_writes',
    otelName: 'store.failed_writes',
    kind: 'counter',
    unit: '1',
    labelNames: [],
    help: 'Store writes that failed (their records stay queued and are tried again)',
  },
  {
    name: 'store_queue_length',
    otelName: 'store.queue_length',
    kind: 'gauge',
    unit: '1',
    labelNames: [],
    help: 'History records waiting for the store',
  },
];
