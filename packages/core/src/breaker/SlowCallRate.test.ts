import { describe, expect, it } from 'vitest';
import type { TripReason } from './BreakerStrategy.ts';
import { SlowCallRate } from './SlowCallRate.ts';
import { rebuildStrategy } from './rebuildStrategy.ts';

/** Feeds calls of the given durations (all successes unless `success` says otherwise), at time i * step. */
function feed(
  s: SlowCallRate,
  durations: number[],
  { success = true, step = 0, from = 0 } = {},
): (TripReason | undefined)[] {
  return durations.map((durationMs, i) => s.record({ success, durationMs, at: from + i * step }));
}

describe('SlowCallRate', () => {
  it('defaults to resilience4j’s: open when 100 % of the last 100 calls were slow', () => {
    const s = new SlowCallRate({ slowCallDurationMs: 100 });
    expect([s.slowCallRateThreshold, s.minimumCalls, s.usesTime]).toEqual([100, 100, true]);
    const said = feed(s, Array<number>(100).fill(101));
    expect(said.slice(0, 99).every((r) => r === undefined)).toBe(true);
    expect(said[99]).toBe('slow-call-rate');
  });

  it('a call is slow only when it takes longer than slowCallDurationMs (resilience4j’s rule)', () => {
    const s = new SlowCallRate({ slowCallDurationMs: 100, minimumCalls: 1, window: { type: 'count', size: 1 } });
    expect(feed(s, [100])).toEqual([undefined]);
    expect(feed(s, [101])).toEqual(['slow-call-rate']);
    expect(feed(s, [99])).toEqual([undefined]);
  });

  it('counts slow failures as slow calls too', () => {
    const s = new SlowCallRate({ slowCallDurationMs: 10, minimumCalls: 2, window: { type: 'count', size: 2 } });
    expect(feed(s, [50, 50], { success: false })).toEqual([undefined, 'slow-call-rate']);
  });

  it('trips at the rate threshold exactly, and not below', () => {
    const s = new SlowCallRate({
      slowCallDurationMs: 10,
      slowCallRateThreshold: 50,
      minimumCalls: 4,
      window: { type: 'count', size: 4 },
    });
    expect(feed(s, [11, 1, 1, 1])).toEqual([undefined, undefined, undefined, undefined]); // 25 %
    expect(feed(s, [11])).toEqual([undefined]); // the first 11 slid out: [1, 1, 1, 11] is still 25 %
    expect(feed(s, [11])).toEqual(['slow-call-rate']); // [1, 1, 11, 11] is 50 %
  });

  it('holds slow calls against nobody: failures stays 0', () => {
    const s = new SlowCallRate({ slowCallDurationMs: 0, minimumCalls: 10 });
    feed(s, [5, 5, 5]);
    expect(s.failures).toBe(0);
  });

  it('caps minimumCalls at a count window’s size', () => {
    expect(new SlowCallRate({ slowCallDurationMs: 1, window: { type: 'count', size: 5 } }).minimumCalls).toBe(5);
    expect(new SlowCallRate({ slowCallDurationMs: 1, window: { type: 'time', durationMs: 1_000 } }).minimumCalls).toBe(
      100,
    );
  });

  it('over a time window, slow calls expire', () => {
    const s = new SlowCallRate({
      slowCallDurationMs: 100,
      slowCallRateThreshold: 50,
      minimumCalls: 2,
      window: { type: 'time', durationMs: 1_000, buckets: 10 },
    });
    expect(feed(s, [500], { from: 0 })).toEqual([undefined]);
    // The slow call at 0 has expired by 1000: one fast call of one is 0 %.
    expect(feed(s, [1, 1], { from: 1_000, step: 100 })).toEqual([undefined, undefined]);
    // 1 slow call of 3, then 2 of 4.
    expect(feed(s, [500, 500], { from: 1_200, step: 100 })).toEqual([undefined, 'slow-call-rate']);
  });

  it('reset() empties the window', () => {
    const s = new SlowCallRate({ slowCallDurationMs: 10, minimumCalls: 2, window: { type: 'count', size: 2 } });
    feed(s, [20]);
    s.reset();
    expect(feed(s, [20])).toEqual([undefined]);
    expect(feed(s, [20])).toEqual(['slow-call-rate']);
  });

  it.each([
    [{ slowCallDurationMs: -1 }, 'SlowCallRate: slowCallDurationMs must be a finite number >= 0, got -1'],
    [{ slowCallDurationMs: Number.NaN }, 'SlowCallRate: slowCallDurationMs must be a finite number >= 0, got NaN'],
    [
      {} as { slowCallDurationMs: number },
      'SlowCallRate: slowCallDurationMs must be a finite number >= 0, got undefined',
    ],
    [undefined as never, 'SlowCallRate: slowCallDurationMs must be a finite number >= 0, got undefined'],
    [
      { slowCallDurationMs: 1, slowCallRateThreshold: 0 },
      'SlowCallRate: slowCallRateThreshold must be a percentage in (0, 100], got 0',
    ],
    [{ slowCallDurationMs: 1, minimumCalls: -2 }, 'SlowCallRate: minimumCalls must be a non-negative integer, got -2'],
  ])('rejects %o with a RangeError', (options, message) => {
    expect(() => new SlowCallRate(options)).toThrow(new RangeError(message));
  });

  it('names itself when the window type is unknown', () => {
    expect(() => new SlowCallRate({ slowCallDurationMs: 1, window: { type: 'ring' } as never })).toThrow(
      new RangeError('SlowCallRate: window.type must be "count" or "time", got "ring"'),
    );
  });
});

describe('SlowCallRate as a judge of HALF_OPEN trials', () => {
  it('fails a trial that failed or was slower than slowCallDurationMs', () => {
    const strategy = new SlowCallRate({ slowCallDurationMs: 500 });
    expect(strategy.failsTrial({ success: true, durationMs: 500, at: 0 })).toBe(false);
    expect(strategy.failsTrial({ success: true, durationMs: 501, at: 0 })).toBe(true);
    expect(strategy.failsTrial({ success: false, durationMs: 1, at: 0 })).toBe(true);
  });

  it('describes itself as data, defaults filled in, and rebuilds from it', () => {
    const spec = new SlowCallRate({ slowCallDurationMs: 500, window: { type: 'time', durationMs: 60_000 } }).toSpec();
    expect(spec).toEqual({
      kind: 'SlowCallRate',
      slowCallDurationMs: 500,
      slowCallRateThreshold: 100,
      minimumCalls: 100,
      window: { type: 'time', durationMs: 60_000, buckets: 10 },
    });
    expect(rebuildStrategy(spec).toSpec!()).toEqual(spec);
  });
});
