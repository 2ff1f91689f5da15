import { describe, expect, it } from 'vitest';
import type { TripReason } from './BreakerStrategy.ts';
import { FailureRate } from './FailureRate.ts';
import { rebuildStrategy } from './rebuildStrategy.ts';

/** Feeds outcomes ('F' failed, 'S' succeeded) at the given times and returns what each record() said. */
function feed(s: FailureRate, outcomes: string, at: (i: number) => number = () => 0): (TripReason | undefined)[] {
  return [...outcomes].map((c, i) => s.record({ success: c === 'S', durationMs: 0, at: at(i) }));
}

describe('FailureRate', () => {
  it('defaults to resilience4j’s: 50 % over the last 100 calls, no decision before 100 calls', () => {
    const s = new FailureRate();
    expect([s.failureRateThreshold, s.minimumCalls]).toEqual([50, 100]);
    const said = feed(s, 'F'.repeat(100));
    expect(said.slice(0, 99).every((r) => r === undefined)).toBe(true);
    expect(said[99]).toBe('failure-rate');
  });

  it('trips when the rate reaches the threshold exactly, on a success too', () => {
    const s = new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } });
    expect(feed(s, 'FSFS')).toEqual([undefined, undefined, undefined, 'failure-rate']);
    expect(s.failures).toBe(2);
  });

  it('stays closed just below the threshold', () => {
    const s = new FailureRate({ failureRateThreshold: 30, minimumCalls: 4, window: { type: 'count', size: 4 } });
    expect(feed(s, 'FSSS')).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('makes no decision below the minimum number of calls, however bad', () => {
    const s = new FailureRate({ failureRateThreshold: 50, minimumCalls: 5, window: { type: 'count', size: 10 } });
    expect(feed(s, 'FFFFF')).toEqual([undefined, undefined, undefined, undefined, 'failure-rate']);
  });

  it('with minimumCalls 0 the first call decides', () => {
    expect(feed(new FailureRate({ minimumCalls: 0 }), 'F')).toEqual(['failure-rate']);
    expect(feed(new FailureRate({ minimumCalls: 0 }), 'SF')).toEqual([undefined, 'failure-rate']);
  });

  it('caps minimumCalls at a count window’s size (a 10-call window never holds 100), as resilience4j does', () => {
    const s = new FailureRate({ window: { type: 'count', size: 10 } });
    expect(s.minimumCalls).toBe(10);
    expect(feed(s, 'FFFFFFFFFF').at(-1)).toBe('failure-rate');
    expect(new FailureRate({ minimumCalls: 3, window: { type: 'count', size: 10 } }).minimumCalls).toBe(3);
    expect(new FailureRate({ window: { type: 'time', durationMs: 1_000 } }).minimumCalls).toBe(100);
  });

  it('forgets the oldest calls of a count window', () => {
    const s = new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } });
    expect(feed(s, 'FFSS')).toEqual([undefined, undefined, undefined, 'failure-rate']);
    s.reset();
    expect(feed(s, 'FSSSS')).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(s.failures).toBe(0); // the failure slid out
    expect(feed(s, 'F')).toEqual([undefined]); // 1 of 4
    expect(feed(s, 'F')).toEqual(['failure-rate']); // 2 of 4
  });

  it('over a time window, expired calls count neither toward the rate nor toward the minimum', () => {
    const s = new FailureRate({
      failureRateThreshold: 50,
      minimumCalls: 3,
      window: { type: 'time', durationMs: 1_000, buckets: 10 },
    });
    // Two failures at t=0, then a gap: by t=1000 they have expired, so the next failure is 1 call of 1 (< 3).
    expect(feed(s, 'FF', () => 0)).toEqual([undefined, undefined]);
    expect(feed(s, 'F', () => 1_000)).toEqual([undefined]);
    expect(s.failures).toBe(1);
    expect(feed(s, 'S', () => 1_100)).toEqual([undefined]);
    expect(feed(s, 'F', () => 1_200)).toEqual(['failure-rate']); // 2 of 3 within the last second
  });

  it('trips over a time window once minimumCalls are in it', () => {
    const s = new FailureRate({
      failureRateThreshold: 60,
      minimumCalls: 5,
      window: { type: 'time', durationMs: 10_000 },
    });
    expect(feed(s, 'SFFSF', (i) => i * 1_000)).toEqual([undefined, undefined, undefined, undefined, 'failure-rate']);
  });

  it('reset() empties the window', () => {
    const s = new FailureRate({ minimumCalls: 2, window: { type: 'count', size: 2 } });
    feed(s, 'F');
    s.reset();
    expect(s.failures).toBe(0);
    expect(feed(s, 'SF')).toEqual([undefined, 'failure-rate']);
  });

  it.each([
    [{ failureRateThreshold: 0 }, 'FailureRate: failureRateThreshold must be a percentage in (0, 100], got 0'],
    [{ failureRateThreshold: 100.5 }, 'FailureRate: failureRateThreshold must be a percentage in (0, 100], got 100.5'],
    [
      { failureRateThreshold: Number.NaN },
      'FailureRate: failureRateThreshold must be a percentage in (0, 100], got NaN',
    ],
    [{ minimumCalls: -1 }, 'FailureRate: minimumCalls must be a non-negative integer, got -1'],
    [{ minimumCalls: 2.5 }, 'FailureRate: minimumCalls must be a non-negative integer, got 2.5'],
  ])('rejects %o with a RangeError', (options, message) => {
    expect(() => new FailureRate(options)).toThrow(new RangeError(message));
  });

  it('rejects a bad window with the window’s own error', () => {
    expect(() => new FailureRate({ window: { type: 'count', size: 0 } })).toThrow(
      new RangeError('CountWindow: size must be a positive integer, got 0'),
    );
    expect(() => new FailureRate({ window: { type: 'time', durationMs: -1 } })).toThrow(
      new RangeError('TimeWindow: durationMs must be a finite number > 0, got -1'),
    );
    expect(() => new FailureRate({ window: { type: 'sliding' } as never })).toThrow(
      new RangeError('FailureRate: window.type must be "count" or "time", got "sliding"'),
    );
  });
});

describe('FailureRate: reads at a time, trials, spec', () => {
  it('failuresAt reads the time window at the time given, so old failures expire without new calls', () => {
    const strategy = new FailureRate({ minimumCalls: 10, window: { type: 'time', durationMs: 1_000, buckets: 10 } });
    for (let i = 0; i < 3; i++) strategy.record({ success: false, durationMs: 0, at: 100 });
    expect([strategy.failuresAt(100), strategy.failuresAt(1_099), strategy.failuresAt(1_100)]).toEqual([3, 3, 0]);
  });

  it('fails a trial only when it failed, and describes itself as data', () => {
    const strategy = new FailureRate({
      failureRateThreshold: 25,
      minimumCalls: 200,
      window: { type: 'count', size: 50 },
    });
    expect(strategy.failsTrial({ success: true, durationMs: 1e9, at: 0 })).toBe(false);
    expect(strategy.failsTrial({ success: false, durationMs: 0, at: 0 })).toBe(true);
    const spec = strategy.toSpec();
    expect(spec).toEqual({
      kind: 'FailureRate',
      failureRateThreshold: 25,
      minimumCalls: 50,
      window: { type: 'count', size: 50 },
    });
    expect(rebuildStrategy(spec).toSpec!()).toEqual(spec);
  });
});
