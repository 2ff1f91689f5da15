import { describe, expect, it } from 'vitest';
import { pollDelay } from './pollDelay.ts';

const pace = { everyMs: 1000, factor: 1.5, maxMs: 8000 };

describe('pollDelay', () => {
  it('waits the base interval after a good poll or a first failure, then longer per failure, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((failures) => pollDelay(pace, { failures }))).toEqual([
      1000, 1000, 1500, 2250, 3375, 5062.5, 7593.75, 8000, 8000,
    ]);
  });

  it("waits for an OPEN breaker's next trial, or the backoff when that is longer", () => {
    expect(pollDelay(pace, { failures: 5, pausedForMs: 4200 })).toBe(5062.5);
    expect(pollDelay(pace, { failures: 0, pausedForMs: 4200 })).toBe(4200);
  });
});
