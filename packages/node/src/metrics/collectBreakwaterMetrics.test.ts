import { ErrorHandler, memoryStore, RetryHandler, retrying } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { collectBreakwaterMetrics } from './collectBreakwaterMetrics.ts';

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

interface Family {
  name: string;
  type: string;
  metrics: Array<{
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }>;
}

/** The registry's exposition, parsed by a real Prometheus text-format parser: name → "labels=value" lines. */
async function scrape(registry: Registry): Promise<Map<string, { type: string; samples: string[] }>> {
  const families = parsePrometheusTextFormat(await registry.metrics()) as Family[];
  return new Map(
    families.map((f) => [
      f.name,
      {
        type: f.type,
        samples: f.metrics.map((m) => {
          const labels = Object.entries(m.labels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
          return `${labels}${labels ? ' ' : ''}${m.value ?? `count=${m.count} sum=${m.sum}`}`;
        }),
      },
    ]),
  );
}

async function setUp() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 3, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(1), recoveryActions: [], store: memoryStore() },
  );
  const registry = new Registry();
  return { clock, handler, registry };
}

describe('collectBreakwaterMetrics', () => {
  it('exposes breakers, errors, recovery, mode and the store writer in the Prometheus text format', async () => {
    const { handler, registry } = await setUp();
    const metrics = collectBreakwaterMetrics(handler, { registry });
    const kraken = handler.getCircuitBreaker('kraken');
    kraken.call(() => 1);
    kraken.call(() => 2);
    for (let i = 0; i < 3; i++)
      expect(() =>
        kraken.call(() => {
          throw reset();
        }),
      ).toThrow('read ECONNRESET');
    expect(() => kraken.call(() => 3)).toThrow('Circuit breaker kraken is OPEN');
    handler.getCircuitBreaker('binance').isolate();
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'market-data'));
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'market-data'));
    handler.setMode('paper', 'test');
    await handler.flush();

    const m = await scrape(registry);
    expect(m.get('breakwater_circuitbreaker_state')).toEqual({
      type: 'GAUGE',
      samples: [
        'name=kraken,state=closed 0',
        'name=kraken,state=open 1',
        'name=kraken,state=half_open 0',
        'name=kraken,state=forced_open 0',
        'name=binance,state=closed 0',
        'name=binance,state=open 0',
        'name=binance,state=half_open 0',
        'name=binance,state=forced_open 1',
        'name=market-data,state=closed 1',
        'name=market-data,state=open 0',
        'name=market-data,state=half_open 0',
        'name=market-data,state=forced_open 0',
      ],
    });
    expect(m.get('breakwater_circuitbreaker_calls_total')).toEqual({
      type: 'COUNTER',
      samples: [
        'name=kraken,kind=successful 2',
        'name=kraken,kind=failed 3',
        'name=kraken,kind=ignored 0',
        'name=binance,kind=successful 0',
        'name=binance,kind=failed 0',
        'name=binance,kind=ignored 0',
        'name=market-data,kind=successful 0',
        'name=market-data,kind=failed 2',
        'name=market-data,kind=ignored 0',
      ],
    });
    expect(m.get('breakwater_circuitbreaker_not_permitted_calls_total')?.samples).toEqual([
      'name=kraken 1',
      'name=binance 0',
      'name=market-data 0',
    ]);
    expect(m.get('breakwater_circuitbreaker_failure_rate')?.samples).toEqual([
      'name=kraken 60',
      'name=binance -1',
      'name=market-data 100',
    ]);
    expect(m.get('breakwater_circuitbreaker_failures')?.samples).toEqual([
      'name=kraken 3',
      'name=binance 0',
      'name=market-data 2',
    ]);
    expect(m.get('breakwater_errors_total')?.samples).toContain('category=network 2');
    expect(m.get('breakwater_errors_total')?.samples.filter((s) => !s.endsWith(' 0'))).toEqual(['category=network 2']);
    expect(m.get('breakwater_errors_by_component_total')?.samples).toEqual(['component=market-data 2']);
    expect(m.get('breakwater_trading_mode')?.samples).toEqual(['mode=live 0', 'mode=paper 1']);
    expect(m.get('breakwater_errors_last_minute')?.samples).toEqual(['2']);
    expect(m.get('breakwater_store_records_total')?.samples).toEqual(['outcome=written 2', 'outcome=dropped 0']);
    expect(m.get('breakwater_store_failed_writes_total')?.samples).toEqual(['0']);
    expect(m.get('breakwater_store_queue_length')?.samples).toEqual(['0']);
    // Durations are opt-in: no histogram, and no listener making calls read the clock.
    expect(m.has('breakwater_circuitbreaker_calls_seconds')).toBe(false);
    metrics.stop();
    expect(await registry.metrics()).toBe('\n');
  });

  it('times calls into a histogram only when asked, and stops timing on stop()', async () => {
    const { clock, handler, registry } = await setUp();
    const metrics = collectBreakwaterMetrics(handler, { registry, callDurations: true, durationBuckets: [0.1, 1] });
    const kraken = handler.getCircuitBreaker('kraken');
    // ManualClock: the sleeps end when the test moves time on.
    const quick = kraken.call(() => clock.sleep(50));
    await clock.advance(50);
    await quick;
    const slow = kraken.call(async () => {
      await clock.sleep(500);
      throw reset();
    });
    await clock.advance(500);
    await expect(slow).rejects.toThrow('read ECONNRESET');
    // The parser folds labelled histograms away, so the exposition lines are checked as written.
    expect((await registry.getSingleMetricAsString('breakwater_circuitbreaker_calls_seconds')).split('\n')).toEqual([
      '# HELP breakwater_circuitbreaker_calls_seconds Duration of calls through circuit breakers, by outcome',
      '# TYPE breakwater_circuitbreaker_calls_seconds histogram',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="0.1",name="kraken",kind="successful"} 1',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="1",name="kraken",kind="successful"} 1',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="+Inf",name="kraken",kind="successful"} 1',
      'breakwater_circuitbreaker_calls_seconds_sum{name="kraken",kind="successful"} 0.05',
      'breakwater_circuitbreaker_calls_seconds_count{name="kraken",kind="successful"} 1',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="0.1",name="kraken",kind="failed"} 0',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="1",name="kraken",kind="failed"} 1',
      'breakwater_circuitbreaker_calls_seconds_bucket{le="+Inf",name="kraken",kind="failed"} 1',
      'breakwater_circuitbreaker_calls_seconds_sum{name="kraken",kind="failed"} 0.5',
      'breakwater_circuitbreaker_calls_seconds_count{name="kraken",kind="failed"} 1',
    ]);
    expect((await scrape(registry)).get('breakwater_circuitbreaker_calls_seconds')?.type).toBe('HISTOGRAM');
    metrics.stop();
    expect(await registry.metrics()).toBe('\n');
  });

  it('takes a prefix (resilience4j boards) and refuses one Prometheus cannot name', async () => {
    const { handler, registry } = await setUp();
    handler.getCircuitBreaker('kraken');
    collectBreakwaterMetrics(handler, { registry, prefix: 'resilience4j_' });
    expect((await scrape(registry)).get('resilience4j_circuitbreaker_state')?.samples[0]).toBe(
      'name=kraken,state=closed 1',
    );
    expect(() => collectBreakwaterMetrics(handler, { registry, prefix: 'bad-prefix' })).toThrow(
      'collectBreakwaterMetrics: prefix must be a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*), got "bad-prefix"',
    );
  });

  it('reports named retries by outcome, as resilience4j_retry_calls does', async () => {
    const { clock, handler, registry } = await setUp();
    const orders = retrying({ maxRetries: 1, baseDelayMs: 5, jitter: false, clock });
    const ticker = new RetryHandler({ maxRetries: 0, clock });
    collectBreakwaterMetrics(handler, { registry, retries: { orders, ticker } });
    await orders.execute(() => 'ok');
    let calls = 0;
    const second = orders.execute(() => (++calls === 1 ? Promise.reject(reset()) : 'ok'));
    const third = orders.execute(() => Promise.reject(reset())).catch(() => 'failed');
    await clock.runAll();
    expect([await second, await third]).toEqual(['ok', 'failed']);
    await ticker.execute(() => Promise.reject(reset())).catch(() => undefined);
    expect((await scrape(registry)).get('breakwater_retry_calls_total')).toEqual({
      type: 'COUNTER',
      samples: [
        'name=orders,kind=successful_without_retry 1',
        'name=orders,kind=successful_with_retry 1',
        'name=orders,kind=failed_without_retry 0',
        'name=orders,kind=failed_with_retry 1',
        'name=ticker,kind=successful_without_retry 0',
        'name=ticker,kind=successful_with_retry 0',
        'name=ticker,kind=failed_without_retry 1',
        'name=ticker,kind=failed_with_retry 0',
      ],
    });
    expect(() =>
      collectBreakwaterMetrics(handler, { registry: new Registry(), retries: { bad: {} as RetryHandler } }),
    ).toThrow(new RangeError('collectBreakwaterMetrics: retries.bad must be a RetryHandler or a retrying() policy'));
  });
});
