import type { HandlerEvent } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { batch, breaker, snapshot, stats } from '../testing/messages.ts';
import { DevtoolsStore } from './DevtoolsStore.ts';

const categories = (network: number, api = 0) => ({
  network,
  api,
  data: 0,
  exchange: 0,
  strategy: 0,
  memory: 0,
  config: 0,
  system: 0,
});
const latency = { count: 4, p50: 16, p95: 64, p99: 64, max: 64 };

function store() {
  return new DevtoolsStore({ clock: new ManualClock(0), schedule: (flush) => flush(), limits: { chartPoints: 4 } });
}

describe('chart series in the store', () => {
  it('errors by category: what the counters moved between messages, in the later message’s second', () => {
    const s = store();
    s.receive(snapshot({ at: 1_000, stats: stats({ categoryCounts: categories(5) }) }));
    s.receive(batch(1, [], { at: 2_100, stats: stats({ categoryCounts: categories(8, 1) }) }));
    s.receive(batch(2, [], { at: 2_900, stats: stats({ categoryCounts: categories(9, 1) }) }));
    s.receive(batch(3, [], { at: 4_000, stats: stats({ categoryCounts: categories(2) }) })); // a restarted producer
    expect(s.getSnapshot().errorsByCategory.map((p) => [p.at, p.spanMs, p.counts.network, p.counts.api])).toEqual([
      [2_000, 1_000, 4, 1],
      [4_000, 1_000, 2, 0],
    ]);
  });

  it('per breaker: calls, failures and rejections moved, with the failure count, threshold, latency it reports', () => {
    const s = store();
    s.receive(snapshot({ at: 1_000, breakers: [breaker('kraken', { totalRequests: 10 })] }));
    s.receive(
      batch(1, [], {
        at: 2_000,
        breakers: [
          breaker('kraken', { totalRequests: 16, failedRequests: 2, rejectedRequests: 3, failureCount: 2, latency }),
        ],
      }),
    );
    expect(s.getSnapshot().breakerSeries.get('kraken')).toEqual([
      {
        at: 1_000,
        spanMs: 1_000,
        calls: 0,
        failures: 0,
        rejections: 0,
        failureCount: 0,
        failureThreshold: 5,
        p50: null,
        p95: null,
        p99: null,
      },
      {
        at: 2_000,
        spanMs: 1_000,
        calls: 6,
        failures: 2,
        rejections: 3,
        failureCount: 2,
        failureThreshold: 5,
        p50: 16,
        p95: 64,
        p99: 64,
      },
    ]);
    s.receive(snapshot({ seq: 2, at: 3_000, breakers: [] })); // a snapshot without it: forgotten with it
    expect(s.getSnapshot().breakerSeries.size).toBe(0);
  });

  it('stays bounded by limits.chartPoints', () => {
    const s = store();
    s.receive(snapshot({ at: 0, breakers: [breaker('a')] }));
    for (let seq = 1; seq <= 50; seq++)
      s.receive(batch(seq, [], { at: seq * 1_000, breakers: [breaker('a', { totalRequests: 10 + seq })] }));
    const series = s.getSnapshot().breakerSeries.get('a')!;
    expect(series.length).toBeLessThanOrEqual(4);
    expect(series[0]!.at).toBe(0);
    expect(series.reduce((n, p) => n + p.calls, 0)).toBe(50);
  });

  it('mode marks: each change once, from its event or the mode a message reports', () => {
    const s = store();
    s.receive(snapshot({ at: 1_000, mode: 'live' }));
    const changed: HandlerEvent = { type: 'mode.changed', from: 'live', to: 'paper', reason: 'outage', at: 1_500 };
    s.receive(batch(1, [changed], { at: 2_000, stats: stats({ mode: 'paper' }) }));
    s.receive(batch(2, [], { at: 3_000, stats: stats({ mode: 'live' }) }));
    expect(s.getSnapshot().modes).toEqual([
      { at: 1_000, mode: 'live' },
      { at: 1_500, mode: 'paper' },
      { at: 3_000, mode: 'live' },
    ]);
  });
});
