// Span events of the OpenTelemetry adapter, with the real SDK: a refused breaker call and every retry show on
// the span that was active when the call was made (AsyncLocalStorage carries it across the retry waits).
import { ErrorHandler, retrying } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { instrumentBreakwater } from '@breakwater/core/otel';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

describe('instrumentBreakwater spanEvents', () => {
  it('adds breakwater.retry, .retry.gave_up and .circuit_breaker.rejected events to the active span', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const handler = new ErrorHandler({}, { clock, random: seededRandom(1), recoveryActions: [] });
    const orders = retrying({ maxRetries: 2, baseDelayMs: 100, jitter: false, clock });
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('bot');
    const instrumentation = instrumentBreakwater(handler, { spanEvents: true, retries: { orders } });
    const kraken = handler.getCircuitBreaker('kraken');
    kraken.isolate();

    await tracer.startActiveSpan('place order', async (span) => {
      const result = orders
        .execute(() => Promise.reject(Object.assign(new Error('timed out'), { name: 'RequestTimeout' })))
        .catch(() => 'gave up');
      await clock.runAll();
      expect(await result).toBe('gave up');
      expect(() => kraken.call(() => 'never')).toThrow('Circuit breaker kraken is OPEN');
      span.end();
    });
    // Outside any span: nothing to add to, nothing thrown.
    expect(() => kraken.call(() => 'never')).toThrow('Circuit breaker kraken is OPEN');

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('place order');
    expect(span?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'breakwater.retry',
        {
          'breakwater.retry.name': 'orders',
          'breakwater.retry.attempt': 1,
          'breakwater.retry.delay_ms': 100,
          'error.type': 'RequestTimeout',
        },
      ],
      [
        'breakwater.retry',
        {
          'breakwater.retry.name': 'orders',
          'breakwater.retry.attempt': 2,
          'breakwater.retry.delay_ms': 200,
          'error.type': 'RequestTimeout',
        },
      ],
      [
        'breakwater.retry.gave_up',
        {
          'breakwater.retry.name': 'orders',
          'breakwater.retry.attempts': 3,
          'breakwater.retry.reason': 'exhausted',
          'error.type': 'RequestTimeout',
        },
      ],
      [
        'breakwater.circuit_breaker.rejected',
        { 'breakwater.circuit_breaker.name': 'kraken', 'breakwater.circuit_breaker.state': 'open' },
      ],
    ]);
    instrumentation.stop();
  });
});
