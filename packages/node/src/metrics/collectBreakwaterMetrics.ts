import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import type { ErrorHandler, Unsubscribe } from '@breakwater/core';
import {
  METRIC_FAMILIES,
  measureHandler,
  trackedRetries,
  type Measurements,
  type RetrySource,
} from '@breakwater/core/metrics';

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
  /** Retries to report as `<prefix>retry_calls_total{name, kind}`, by name (their outcomes are tracked from now on). */
  retries?: Readonly<Record<string, RetrySource>>;
}

export interface BreakwaterMetrics {
  readonly registry: Registry;
  /** Takes the metrics out of the registry and stops timing calls. */
  stop(): void;
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Exposes a handler's state in the Prometheus text format through prom-client: every family of
 * `METRIC_FAMILIES` (counters get `_total`), read from the handler's own counters when scraped, so the caller's
 * path pays nothing. Call durations are the exception and opt-in. Label sets stay bounded: breakers and
 * components are bounded by the handler's `maxTrackedKeys`.
 */
export function collectBreakwaterMetrics(
  handler: ErrorHandler,
  options: BreakwaterMetricsOptions = {},
): BreakwaterMetrics {
  const registry = options.registry ?? defaultRegistry;
  const prefix = options.prefix ?? 'breakwater_';
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw new RangeError(
      'collectBreakwaterMetrics: prefix must be a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*), ' +
        `got ${JSON.stringify(prefix)}`,
    );
  }
  const registers = [registry];
  const retries = trackedRetries('collectBreakwaterMetrics', options.retries);
  // One read of the handler per scrape, shared by every metric of that scrape.
  let scrape: Measurements | undefined;
  const read = (): Measurements => {
    if (!scrape) {
      scrape = measureHandler(handler, retries);
      queueMicrotask(() => (scrape = undefined));
    }
    return scrape;
  };

  const names: string[] = [];
  for (const family of METRIC_FAMILIES) {
    const name = `${prefix}${family.name}${family.kind === 'counter' ? '_total' : ''}`;
    const config = { name, help: family.help, labelNames: family.labelNames, registers };
    if (family.kind === 'counter') {
      new Counter({
        ...config,
        collect() {
          this.reset();
          for (const { labels, value } of read()[family.name]) this.inc(labels, value);
        },
      });
    } else {
      new Gauge({
        ...config,
        collect() {
          this.reset();
          for (const { labels, value } of read()[family.name]) this.set(labels, value);
        },
      });
    }
    names.push(name);
  }

  let stopTiming: Unsubscribe | undefined;
  if (options.callDurations) {
    const name = `${prefix}circuitbreaker_calls_seconds`;
    const durations = new Histogram({
      name,
      help: 'Duration of calls through circuit breakers, by outcome',
      labelNames: ['name', 'kind'],
      buckets: options.durationBuckets ?? DEFAULT_BUCKETS,
      registers,
    });
    names.push(name);
    const kinds = { success: 'successful', failure: 'failed', ignored: 'ignored' } as const;
    // One bound child per breaker and outcome: observing through it skips hashing the labels on every call.
    const children = new Map<string, ReturnType<typeof durations.labels>>();
    stopTiming = handler.breakers.subscribe((event) => {
      if (event.type !== 'breaker.call') return;
      const key = `${event.outcome}:${event.name}`;
      let child = children.get(key);
      if (!child) children.set(key, (child = durations.labels({ name: event.name, kind: kinds[event.outcome] })));
      child.observe(event.durationMs / 1000);
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
