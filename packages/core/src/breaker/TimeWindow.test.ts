import { describe, expect, it } from 'vitest';
import { TimeWindow } from './TimeWindow.ts';

describe('TimeWindow', () => {
  it('counts calls and flagged calls within the duration', () => {
    const w = new TimeWindow(1_000, 10);
    w.add(0, true);
    w.add(150, false);
    w.add(999, false);
    expect([w.total(999), w.flagged(999)]).toEqual([3, 1]);
  });

  it('expires calls slice by slice: a call lives until its slice is a full duration old', () => {
    // 10 slices of 100 ms: a call at t expires at (floor(t / 100) + 10) * 100.
    const w = new TimeWindow(1_000, 10);
    w.add(0, true);
    w.add(150, true);
    w.add(999, false);
    expect([w.total(999), w.flagged(999)]).toEqual([3, 2]);
    expect([w.total(1_000), w.flagged(1_000)]).toEqual([2, 1]); // the call at 0 is gone
    expect([w.total(1_099), w.flagged(1_099)]).toEqual([2, 1]);
    expect([w.total(1_100), w.flagged(1_100)]).toEqual([1, 0]); // and the one at 150
    expect([w.total(1_899), w.flagged(1_899)]).toEqual([1, 0]);
    expect([w.total(1_900), w.flagged(1_900)]).toEqual([0, 0]); // and the one at 999
  });

  it('reuses a slice for a new period, dropping what it held', () => {
    const w = new TimeWindow(1_000, 10);
    w.add(50, true); // slice 0, epoch 0
    w.add(1_020, false); // slice 0 again, epoch 10
    w.add(1_030, false);
    expect([w.total(1_030), w.flagged(1_030)]).toEqual([2, 0]);
  });

  it('is empty after a gap longer than the duration', () => {
    const w = new TimeWindow(1_000, 10);
    for (let t = 0; t < 1_000; t += 10) w.add(t, t % 20 === 0);
    expect([w.total(999), w.flagged(999)]).toEqual([100, 50]);
    expect([w.total(1_000_000), w.flagged(1_000_000)]).toEqual([0, 0]);
    w.add(1_000_000, true);
    expect([w.total(1_000_000), w.flagged(1_000_000)]).toEqual([1, 1]);
  });

  it('works with epoch-sized timestamps', () => {
    const t0 = 1_700_000_000_000;
    const w = new TimeWindow(60_000, 6);
    w.add(t0, true);
    w.add(t0 + 30_000, false);
    expect([w.total(t0 + 30_000), w.flagged(t0 + 30_000)]).toEqual([2, 1]);
    expect([w.total(t0 + 60_000), w.flagged(t0 + 60_000)]).toEqual([1, 0]);
  });

  it('defaults to 10 slices', () => {
    const w = new TimeWindow(1_000);
    w.add(0, true);
    expect(w.total(999)).toBe(1);
    expect(w.total(1_000)).toBe(0);
    expect(w.durationMs).toBe(1_000);
  });

  it('reset() empties it', () => {
    const w = new TimeWindow(1_000, 10);
    w.add(10, true);
    w.add(20, true);
    w.reset();
    expect([w.total(20), w.flagged(20)]).toEqual([0, 0]);
    w.add(30, false);
    expect([w.total(30), w.flagged(30)]).toEqual([1, 0]);
  });

  it.each([
    [0, '0'],
    [-5, '-5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('rejects durationMs %s with a RangeError', (durationMs, shown) => {
    expect(() => new TimeWindow(durationMs)).toThrow(
      new RangeError(`TimeWindow: durationMs must be a finite number > 0, got ${shown}`),
    );
  });

  it.each([
    [0, '0'],
    [2.5, '2.5'],
  ])('rejects buckets %s with a RangeError', (buckets, shown) => {
    expect(() => new TimeWindow(1_000, buckets)).toThrow(
      new RangeError(`TimeWindow: buckets must be a positive integer, got ${shown}`),
    );
  });
});
