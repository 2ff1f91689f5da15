import { metrics, trace, type Attributes, type Histogram, type Meter, type Observable } from '@opentelemetry/api';
import type { Unsubscribe } from '../events/EventStream.ts';
import type { ErrorHandler } from '../handler/ErrorHandler.ts';
import { METRIC_FAMILIES, type MetricName } from '../metrics/metricFamilies.ts';
import { measureHandler, trackedRetries, type RetrySource } from '../metrics/measureHandler.ts';

export interface BreakwaterOtelOptions {
  /** The meter to create instruments on. Default: `metrics.getMeter('@breakwater/core')` from the global provider. */
  meter?: Meter;
  /** Prefix of every instrument name. Default `breakwater.`. */
  prefix?: string;
  /**
   * Record every breaker call in a `<prefix>circuitbreaker.call.duration` histogram (seconds). Off by default:
   * it makes each call read the clock twice and emit an event; the other instruments are observed from the
   * handler's counters at collection time.
   */
  callDurations?: boolean;
  /** Retries to report as `<prefix>retry.calls{name, kind}`, by name (their outcomes are tracked from now on). */
  retries?: Readonly<Record<string, RetrySource>>;
  /**
   * Add a span event to the active span (`trace.getActiveSpan()`) for every call a breaker refuses
   * (`breakwater.circuit_breaker.rejected`) and every retry of the named `retries` (`breakwater.retry`, and
   * `breakwater.retry.gave_up`). Only failure paths pay: successful calls stay untimed and event-free.
   */
  spanEvents?: boolean;
}

export interface BreakwaterInstrumentation {
  /** Stops observing (the instruments stay registered on the meter, reporting nothing more). */
  stop(): void;
}

/**
 * The same metrics as the Prometheus exporter (`METRIC_FAMILIES`), on the OpenTelemetry API: observable
 * counters and gauges read once per collection from the handler's own counters, so the caller's path pays
 * nothing. Names are the families' OpenTelemetry names (`breakwater.circuitbreaker.state`). Only
 * `@opentelemetry/api` is used: the application brings the SDK and its exporters. Runs in Node and browsers.
 */
export function instrumentBreakwater(
  handler: ErrorHandler,
  options: BreakwaterOtelOptions = {},
): BreakwaterInstrumentation {
  const meter = options.meter ?? metrics.getMeter('@breakwater/core');
  const prefix = options.prefix ?? 'breakwater.';
  const retries = trackedRetries('instrumentBreakwater', options.retries);
  const observables = new Map<MetricName, Observable>();
  for (const family of METRIC_FAMILIES) {
    const name = prefix + family.otelName;
    const config = { description: family.help, unit: family.unit };
    observables.set(
      family.name,
      family.kind === 'counter'
        ? meter.createObservableCounter(name, config)
        : meter.createObservableGauge(name, config),
    );
  }
  const observeAll = (result: { observe(observable: Observable, value: number, attributes?: Attributes): void }) => {
    const measured = measureHandler(handler, retries);
    for (const [name, observable] of observables) {
      for (const { labels, value } of measured[name]) result.observe(observable, value, labels);
    }
  };
  const all = [...observables.values()];
  meter.addBatchObservableCallback(observeAll, all);

  let stopTiming: Unsubscribe | undefined;
  if (options.callDurations) {
    const durations: Histogram = meter.createHistogram(`${prefix}circuitbreaker.call.duration`, {
      description: 'Duration of calls through circuit breakers, by outcome',
      unit: 's',
    });
    const kinds = { success: 'successful', failure: 'failed', ignored: 'ignored' } as const;
    stopTiming = handler.breakers.subscribe((event) => {
      if (event.type === 'breaker.call')
        durations.record(event.durationMs / 1000, { name: event.name, kind: kinds[event.outcome] });
    });
  }
  const stopSpanEvents: Unsubscribe[] = [];
  if (options.spanEvents) {
    stopSpanEvents.push(
      handler.breakers.onRejected((event) => {
        trace.getActiveSpan()?.addEvent('breakwater.circuit_breaker.rejected', {
          'breakwater.circuit_breaker.name': event.name,
          'breakwater.circuit_breaker.state': event.state.toLowerCase(),
          ...(event.retryAfterMs === undefined ? {} : { 'breakwater.retry_after_ms': event.retryAfterMs }),
        });
      }),
    );
    for (const [name, retry] of retries) {
      stopSpanEvents.push(
        retry.subscribe((event) => {
          const span = trace.getActiveSpan();
          if (!span) return;
          if (event.type === 'retry.scheduled') {
            span.addEvent('breakwater.retry', {
              'breakwater.retry.name': name,
              'breakwater.retry.attempt': event.attempt + 1,
              'breakwater.retry.delay_ms': event.delayMs,
              'error.type': event.errorName,
            });
          } else {
            span.addEvent('breakwater.retry.gave_up', {
              'breakwater.retry.name': name,
              'breakwater.retry.attempts': event.attempts,
              'breakwater.retry.reason': event.reason,
              'error.type': event.errorName,
            });
          }
        }),
      );
    }
  }
  return {
    stop() {
      stopTiming?.();
      for (const stop of stopSpanEvents.splice(0)) stop();
      meter.removeBatchObservableCallback(observeAll, all);
    },
  };
}
