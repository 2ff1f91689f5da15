import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { ErrorHandler, memoryStore, retrying } from '../index.ts';
import { ManualClock, seededRandom } from '../testing/index.ts';
import { instrumentBreakwater } from './instrumentBreakwater.ts';

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

/** The SDK's pull reader, collected on demand (what an exporter does on its interval). */
class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function collect(
  reader: TestReader,
): Promise<Map<string, { type: DataPointType; unit: string; points: string[] }>> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  return new Map(
    metrics.map((m) => [
      m.descriptor.name,
      {
        type: m.dataPointType,
        unit: m.descriptor.unit,
        points: m.dataPoints.map((p) => {
          const attrs = Object.entries(p.attributes)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(',');
          const value =
            typeof p.value === 'number'
              ? p.value
              : `count=${(p.value as { count: number }).count} sum=${(p.value as { sum: number }).sum}`;
          return `${attrs}${attrs ? ' ' : ''}${value}`;
        }),
      },
    ]),
  );
}

function setUp() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 3, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(1), recoveryActions: [], store: memoryStore() },
  );
  const reader = new TestReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  return { clock, handler, reader, meter };
}

describe('instrumentBreakwater (OpenTelemetry)', () => {
  it('observes breakers, errors, mode and the store writer through the SDK reader', async () => {
    const { handler, reader, meter } = setUp();
    instrumentBreakwater(handler, { meter });
    const kraken = handler.getCircuitBreaker('kraken');
    kraken.call(() => 1);
    for (let i = 0; i < 3; i++)
      expect(() =>
        kraken.call(() => {
          throw reset();
        }),
      ).toThrow('read ECONNRESET');
    expect(() => kraken.call(() => 2)).toThrow('Circuit breaker kraken is OPEN');
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'market-data'));
    handler.setMode('paper', 'test');
    await handler.flush();

    const m = await collect(reader);
    expect(m.get('breakwater.circuitbreaker.state')).toEqual({
      type: DataPointType.GAUGE,
      unit: '1',
      points: [
        'name=kraken,state=closed 0',
        'name=kraken,state=open 1',
        'name=kraken,state=half_open 0',
        'name=kraken,state=forced_open 0',
        'name=market-data,state=closed 1',
        'name=market-data,state=open 0',
        'name=market-data,state=half_open 0',
        'name=market-data,state=forced_open 0',
      ],
    });
    expect(m.get('breakwater.circuitbreaker.calls')).toEqual({
      type: DataPointType.SUM,
      unit: '1',
      points: [
        'name=kraken,kind=successful 1',
        'name=kraken,kind=failed 3',
        'name=kraken,kind=ignored 0',
        'name=market-data,kind=successful 0',
        'name=market-data,kind=failed 1',
        'name=market-data,kind=ignored 0',
      ],
    });
    expect(m.get('breakwater.circuitbreaker.not_permitted_calls')?.points).toEqual([
      'name=kraken 1',
      'name=market-data 0',
    ]);
    expect(m.get('breakwater.circuitbreaker.failure_rate')).toEqual({
      type: DataPointType.GAUGE,
      unit: '%',
      points: ['name=kraken 75', 'name=market-data 100'],
    });
    expect(m.get('breakwater.errors')?.points.filter((p) => !p.endsWith(' 0'))).toEqual(['category=network 1']);
    expect(m.get('breakwater.trading.mode')?.points).toEqual(['mode=live 0', 'mode=paper 1']);
    expect(m.get('breakwater.store.records')?.points).toEqual(['outcome=written 1', 'outcome=dropped 0']);
    expect(m.has('breakwater.circuitbreaker.call.duration')).toBe(false);
  });

  it('records call durations only when asked, and stops observing on stop()', async () => {
    const { clock, handler, reader, meter } = setUp();
    const instrumentation = instrumentBreakwater(handler, { meter, callDurations: true });
    const kraken = handler.getCircuitBreaker('kraken');
    const call = kraken.call(() => clock.sleep(250));
    await clock.advance(250);
    await call;
    const m = await collect(reader);
    expect(m.get('breakwater.circuitbreaker.call.duration')).toEqual({
      type: DataPointType.HISTOGRAM,
      unit: 's',
      points: ['name=kraken,kind=successful count=1 sum=0.25'],
    });
    instrumentation.stop();
    // No longer observed: the SDK keeps the last values, the isolation after stop() never reaches it.
    kraken.isolate();
    expect((await collect(reader)).get('breakwater.circuitbreaker.state')?.points).toEqual([
      'name=kraken,state=closed 1',
      'name=kraken,state=open 0',
      'name=kraken,state=half_open 0',
      'name=kraken,state=forced_open 0',
    ]);
  });

  it('observes named retries by outcome', async () => {
    const { clock, handler, reader, meter } = setUp();
    const orders = retrying({ maxRetries: 1, baseDelayMs: 5, jitter: false, clock });
    instrumentBreakwater(handler, { meter, retries: { orders } });
    await orders.execute(() => 'ok');
    const failed = orders.execute(() => Promise.reject(new Error('down'))).catch(() => 'failed');
    await clock.runAll();
    expect(await failed).toBe('failed');
    expect((await collect(reader)).get('breakwater.retry.calls')).toEqual({
      type: DataPointType.SUM,
      unit: '1',
      points: [
        'name=orders,kind=successful_without_retry 1',
        'name=orders,kind=successful_with_retry 0',
        'name=orders,kind=failed_without_retry 0',
        'name=orders,kind=failed_with_retry 1',
      ],
    });
  });
});
