import { describe, expect, it } from 'vitest';
import { ConsecutiveFailures } from './ConsecutiveFailures.ts';
import { rebuildStrategy } from './rebuildStrategy.ts';

const fail = { success: false, durationMs: 0, at: 0 };
const ok = { success: true, durationMs: 0, at: 0 };

describe('ConsecutiveFailures', () => {
  it('trips on the threshold-th failure in a row, with reason failure-threshold', () => {
    const s = new ConsecutiveFailures(3);
    expect([s.record(fail), s.record(fail), s.record(fail)]).toEqual([undefined, undefined, 'failure-threshold']);
    expect(s.failures).toBe(3);
  });

  it('keeps tripping on further failures (the breaker decides what a trip means)', () => {
    const s = new ConsecutiveFailures(1);
    expect(s.record(fail)).toBe('failure-threshold');
    expect(s.record(fail)).toBe('failure-threshold');
    expect(s.failures).toBe(2);
  });

  it('clears the count on any success', () => {
    const s = new ConsecutiveFailures(3);
    s.record(fail);
    s.record(fail);
    expect(s.record(ok)).toBeUndefined();
    expect(s.failures).toBe(0);
    expect([s.record(fail), s.record(fail)]).toEqual([undefined, undefined]);
    expect(s.failures).toBe(2);
  });

  it('reset() clears the count', () => {
    const s = new ConsecutiveFailures(2);
    s.record(fail);
    s.reset();
    expect(s.failures).toBe(0);
    expect(s.record(fail)).toBeUndefined();
  });

  it('restore() re-seeds the count (floored, never negative), so the next failure can trip', () => {
    const s = new ConsecutiveFailures(3);
    s.restore(2);
    expect(s.failures).toBe(2);
    expect(s.record(fail)).toBe('failure-threshold');
    s.restore(1.9);
    expect(s.failures).toBe(1);
    s.restore(-4);
    expect(s.failures).toBe(0);
  });

  it('ignores durations: a slow success is a success', () => {
    const s = new ConsecutiveFailures(1);
    expect(s.record({ success: true, durationMs: 1e9, at: 5 })).toBeUndefined();
    expect(s.failures).toBe(0);
  });

  it.each([
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
  ])('rejects threshold %s with a RangeError naming it', (threshold, shown) => {
    expect(() => new ConsecutiveFailures(threshold)).toThrow(
      new RangeError(`ConsecutiveFailures: threshold must be a positive integer, got ${shown}`),
    );
  });
});

describe('ConsecutiveFailures: spec', () => {
  it('describes itself as data and rebuilds from it', () => {
    const spec = new ConsecutiveFailures(4).toSpec();
    expect(spec).toEqual({ kind: 'ConsecutiveFailures', threshold: 4 });
    expect(rebuildStrategy(spec).toSpec!()).toEqual(spec);
  });
});
