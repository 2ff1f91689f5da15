import { describe, expect, it } from 'vitest';
import { clampDockHeight, dockHeightFrom, DOCK_MIN_PX } from './dockHeight.ts';

describe('dockHeightFrom', () => {
  it('reads a stored height, clamped to the viewport; anything else gives the default (45 %)', () => {
    expect(dockHeightFrom('300', 1000)).toBe(300);
    expect(dockHeightFrom(null, 1000)).toBe(450);
    expect(dockHeightFrom('', 1000)).toBe(450);
    expect(dockHeightFrom('abc', 1000)).toBe(450);
    expect(dockHeightFrom('300px', 1000)).toBe(450);
    expect(dockHeightFrom('NaN', 1000)).toBe(450);
    expect(dockHeightFrom('Infinity', 1000)).toBe(450);
    expect(dockHeightFrom('-5', 1000)).toBe(450);
    expect(dockHeightFrom('12.5', 1000)).toBe(450);
    expect(dockHeightFrom('50', 1000)).toBe(DOCK_MIN_PX);
    expect(dockHeightFrom('5000', 1000)).toBe(900);
  });

  it('never goes under the minimum, even in a tiny viewport', () => {
    expect(clampDockHeight(10, 1000)).toBe(120);
    expect(clampDockHeight(950, 1000)).toBe(900);
    expect(clampDockHeight(500.4, 1000)).toBe(500);
    expect(clampDockHeight(300, 100)).toBe(120);
    expect(dockHeightFrom(null, 100)).toBe(120);
  });
});
