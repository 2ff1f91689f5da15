import { describe, expect, it } from 'vitest';
import { CountWindow } from './CountWindow.ts';
import type { SlidingWindow } from './SlidingWindow.ts';

describe('CountWindow', () => {
  it('counts calls and flagged calls until it is full', () => {
    const w = new CountWindow(4);
    expect([w.total(), w.flagged()]).toEqual([0, 0]);
    w.add(0, true);
    w.add(0, false);
    w.add(0, true);
    expect([w.total(), w.flagged()]).toEqual([3, 2]);
  });

  it('evicts the oldest call once full, subtracting its flag', () => {
    const w = new CountWindow(3);
    w.add(0, true); // evicted by the 4th call
    w.add(0, false);
    w.add(0, false);
    expect([w.total(), w.flagged()]).toEqual([3, 1]);
    w.add(0, false);
    expect([w.total(), w.flagged()]).toEqual([3, 0]);
    w.add(0, true);
    w.add(0, true);
    expect([w.total(), w.flagged()]).toEqual([3, 2]);
    w.add(0, true);
    expect([w.total(), w.flagged()]).toEqual([3, 3]);
    w.add(0, false);
    expect([w.total(), w.flagged()]).toEqual([3, 2]);
  });

  it('keeps exact counts over many wraps of the ring', () => {
    const w = new CountWindow(5);
    const flags: boolean[] = [];
    for (let i = 0; i < 53; i++) {
      const flag = i % 3 === 0;
      flags.push(flag);
      w.add(i, flag);
    }
    expect(w.total()).toBe(5);
    expect(w.flagged()).toBe(flags.slice(-5).filter(Boolean).length);
    expect(w.flagged()).toBe(2); // calls 48..52: 48 and 51 are flagged
  });

  it('ignores time: a count window never expires', () => {
    const w: SlidingWindow = new CountWindow(2);
    w.add(0, true);
    expect([w.total(1e12), w.flagged(1e12)]).toEqual([1, 1]);
  });

  it('reset() empties it', () => {
    const w = new CountWindow(2);
    w.add(0, true);
    w.add(0, true);
    w.reset();
    expect([w.total(), w.flagged()]).toEqual([0, 0]);
    w.add(0, false);
    expect([w.total(), w.flagged()]).toEqual([1, 0]);
  });

  it('a window of one holds only the last call', () => {
    const w = new CountWindow(1);
    w.add(0, true);
    w.add(0, false);
    expect([w.total(), w.flagged()]).toEqual([1, 0]);
  });

  it.each([
    [0, '0'],
    [-3, '-3'],
    [2.5, '2.5'],
    [Number.NaN, 'NaN'],
  ])('rejects size %s with a RangeError', (size, shown) => {
    expect(() => new CountWindow(size)).toThrow(
      new RangeError(`CountWindow: size must be a positive integer, got ${shown}`),
    );
  });
});
