import { describe, expect, it } from 'vitest';
import { addSample } from './addSample.ts';

interface P {
  at: number;
  spanMs: number;
  n: number;
  level: number;
}
const merge = (a: P, b: P): P => ({ ...b, n: a.n + b.n });
const p = (at: number, n: number, level = 0): P => ({ at, spanMs: 1000, n, level });

describe('addSample', () => {
  it('merges a point within the last span (sums add, the newer level wins) and ignores an older one', () => {
    let s: readonly P[] = [];
    s = addSample(s, p(0, 1, 5), 10, merge);
    s = addSample(s, { ...p(0, 2, 7), at: 500 }, 10, merge);
    expect(s).toEqual([{ at: 0, spanMs: 1000, n: 3, level: 7 }]);
    const same = addSample(s, { ...p(0, 0, 7), at: 900 }, 10, merge);
    expect(same).toBe(s); // nothing moved: the same array, nothing re-renders
    expect(addSample(s, p(-1000, 1), 10, merge)).toBe(s);
  });

  it('past the limit merges the older half pairwise: bounded, and still reaching back to the start', () => {
    let s: readonly P[] = [];
    for (let i = 0; i < 9; i++) s = addSample(s, p(i * 1000, 1, i), 8, merge);
    expect(s.map((x) => [x.at, x.spanMs, x.n, x.level])).toEqual([
      [0, 2000, 2, 1],
      [2000, 2000, 2, 3],
      [4000, 1000, 1, 4],
      [5000, 1000, 1, 5],
      [6000, 1000, 1, 6],
      [7000, 1000, 1, 7],
      [8000, 1000, 1, 8],
    ]);
    for (let i = 9; i < 1000; i++) s = addSample(s, p(i * 1000, 1, i), 8, merge);
    expect(s.length).toBeLessThanOrEqual(8);
    expect(s[0]!.at).toBe(0);
    expect(s.reduce((sum, x) => sum + x.n, 0)).toBe(1000);
  });
});
