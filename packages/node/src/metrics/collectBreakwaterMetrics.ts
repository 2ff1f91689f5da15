import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import { ERROR_CATEGORIES, ERROR_SEVERITIES, type CircuitBreakerStats, type ErrorHandler, type ErrorHandlerStats, type Unsubscribe } from '@breakwater/core';

export interface BreakwaterMetricsOptions {
  /** Where the metrics are registered. Default: prom-client's global `register`. */
  registry?: Registry;
  /** Prefix of every name. Default `breakwater_`; `resilience4j_` makes the breaker metrics fit resilience4j boards. */
  prefix?: string;
  /**
   * Time every breaker call into `<prefix>circuitbreaker_calls_seconds`. Off by default: it makes each call
   * read the clock twice and emit an event; every other metric is read from counters at scrape time.
   */
  callDurations?: boolean;
  /** Histogram buckets in seconds for `callDurations`. */
  durationBuckets?: number[];
}

export interface BreakwaterMetrics {
  readonly registry: Registry;
  /** Takes the metrics out of the registry and stops timing calls. */
  stop(): void;
}

/** Breaker states as resilience4j's `state` label spells them (an isolated breaker is `forced_open`). */
const STATES = ['closed', 'open', 'half_open', 'forced_open'] as const;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function stateLabel(breaker: CircuitBreakerStats & { isolated: boolean }): (typeof STATES)[number] {
  if (breaker.isolated) return 'forced_open';
  return breaker.state === 'HALF_OPEN' ? 'half_open' : breaker.state === 'OPEN' ? 'open' : 'closed';
}

/**
 * Exposes a handler's state in the Prometheus text format through prom-client. Names follow Prometheus
 * conventions and resilience4j's set (`…_circuitbreaker_state{name,state}`, `…_calls_total{kind}`,
 * `…_not_permitted_calls_total`, `…_failure_rate`), so existing boards fit with the prefix swapped. Everything
 * but call durations is read from the handler's own counters when scraped: the caller's path pays nothing.
 * Label sets stay bounded: breakers and components are bounded by the handler's `maxTrackedKeys`.
 */
export function collectBreakwaterMetrics(handler: ErrorHandler, options: BreakwaterMetricsOptions = {}): BreakwaterMetrics {
  const registry = options.registry ?? defaultRegistry;
  const prefix = options.prefix ?? 'breakwater_';
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw new RangeError(`collectBreakwaterMetrics: prefix must be a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${JSON.stringify(prefix)}`);
  }
  const registers = [registry];
  // One read of each source per scrape, shared by every metric of that scrape.
  let scrape: { breakers: Array<CircuitBreakerStats & { isolated: boolean }>; handler: ErrorHandlerStats } | undefined;
  const read = () => {
    if (!scrape) {
      scrape = {
        breakers: handler.breakers.all().map((b) => ({ ...b.stats(), isolated: b.isolated })),
        handler: handler.stats(),
      };
      queueMicrotask(() => (scrape = undefined));
    }
    return scrape;
  };

  const metrics = [
    new Gauge({
      name: `${prefix}circuitbreaker_state`,
      help: 'Circuit breaker state: 1 for the current state, 0 for the others',
      labelNames: ['name', 'state'],
      registers,
      collect() {
        this.reset();
        for (const b of read().breakers) {
          const current = stateLabel(b);
          for (const state of STATES) this.set({ name: b.name, state }, state === current ? 1 : 0);
        }
      },
    }),
    new Counter({
      name: `${prefix}circuitbreaker_calls_total`,
      help: 'Calls a circuit breaker let through, by outcome',
      labelNames: ['name', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const b of read().breakers) {
          this.inc({ name: b.name, kind: 'successful' }, b.successfulRequests);
          this.inc({ name: b.name, kind: 'failed' }, b.failedRequests);
        }
      },
    }),
    new Counter({
      name: `${prefix}circuitbreaker_not_permitted_calls_total`,
      help: 'Calls a circuit breaker refused (OPEN, or HALF_OPEN with its trials taken)',
      labelNames: ['name'],
      registers,
      collect() {
        this.reset();
        for (const b of read().breakers) this.inc({ name: b.name }, b.rejectedRequests);
      },
    }),
    new Gauge({
      name: `${prefix}circuitbreaker_failure_rate`,
      help: 'Percent of counted calls that failed, since the start; -1 before any call',
      labelNames: ['name'],
      registers,
      collect() {
        this.reset();
        for (const b of read().breakers) this.set({ name: b.name }, b.totalRequests === 0 ? -1 : 100 - b.successRate);
      },
    }),
    new Gauge({
      name: `${prefix}circuitbreaker_failures`,
      help: 'Failures a circuit breaker holds against its threshold now',
      labelNames: ['name'],
      registers,
      collect() {
        this.reset();
        for (const b of read().breakers) this.set({ name: b.name }, b.failureCount);
      },
    }),
    new Counter({
      name: `${prefix}errors_total`,
      help: 'Errors handled, by category',
      labelNames: ['category'],
      registers,
      collect() {
        this.reset();
        const counts = read().handler.categoryCounts;
        for (const category of ERROR_CATEGORIES) this.inc({ category }, counts[category]);
      },
    }),
    new Counter({
      name: `${prefix}errors_by_severity_total`,
      help: 'Errors handled, by severity',
      labelNames: ['severity'],
      registers,
      collect() {
        this.reset();
        const counts = read().handler.severityCounts;
        for (const severity of ERROR_SEVERITIES) this.inc({ severity }, counts[severity]);
      },
    }),
    new Counter({
      name: `${prefix}errors_by_component_total`,
      help: 'Errors handled, by component (past maxTrackedKeys components, under "(other)")',
      labelNames: ['component'],
      registers,
      collect() {
        this.reset();
        for (const [component, count] of Object.entries(read().handler.errorCounts)) this.inc({ component }, count);
      },
    }),
    new Counter({
      name: `${prefix}recovery_total`,
      help: 'Recovery actions run, by action and outcome',
      labelNames: ['action', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [action, { success, failure }] of Object.entries(read().handler.recoveryStats)) {
          this.inc({ action, outcome: 'success' }, success);
          this.inc({ action, outcome: 'failure' }, failure);
        }
      },
    }),
    new Gauge({
      name: `${prefix}trading_mode`,
      help: 'Trading mode: 1 for the current mode, 0 for the other',
      labelNames: ['mode'],
      registers,
      collect() {
        const mode = read().handler.mode;
        this.set({ mode: 'live' }, mode === 'live' ? 1 : 0);
        this.set({ mode: 'paper' }, mode === 'paper' ? 1 : 0);
      },
    }),
    new Gauge({
      name: `${prefix}errors_last_minute`,
      help: 'Errors handled in the last minute',
      registers,
      collect() {
        this.set(read().handler.errorRate);
      },
    }),
    new Counter({
      name: `${prefix}store_records_total`,
      help: 'History records given to the store writer, by outcome (written, or dropped when its queue was full)',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        const storage = read().handler.storage;
        if (!storage) return;
        this.inc({ outcome: 'written' }, storage.written);
        this.inc({ outcome: 'dropped' }, storage.dropped);
      },
    }),
    new Counter({
      name: `${prefix}store_failed_writes_total`,
      help: 'Store writes that failed (their records stay queued and are tried again)',
      registers,
      collect() {
        this.reset();
        this.inc(read().handler.storage?.failedWrites ?? 0);
      },
    }),
    new Gauge({
      name: `${prefix}store_queue_length`,
      help: 'History records waiting for the store',
      registers,
      collect() {
        this.set(read().handler.storage?.queued ?? 0);
      },
    }),
  ];

  const names: string[] = metrics.map((metric) => (metric as unknown as { name: string }).name);
  let stopTiming: Unsubscribe | undefined;
  if (options.callDurations) {
    const durations = new Histogram({
      name: `${prefix}circuitbreaker_calls_seconds`,
      help: 'Duration of calls through circuit breakers, by outcome',
      labelNames: ['name', 'kind'],
      buckets: options.durationBuckets ?? DEFAULT_BUCKETS,
      registers,
    });
    names.push(`${prefix}circuitbreaker_calls_seconds`);
    const kinds = { success: 'successful', failure: 'failed', ignored: 'ignored' } as const;
    stopTiming = handler.breakers.subscribe((event) => {
      if (event.type === 'breaker.call') durations.observe({ name: event.name, kind: kinds[event.outcome] }, event.durationMs / 1000);
    });
  }

  return {
    registry,
    stop() {
      stopTiming?.();
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}
