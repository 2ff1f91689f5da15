import { describe, expect, it } from 'vitest';
import { askedWait, asksTooLong } from './askedWait.ts';
import { createErrorContext } from './createErrorContext.ts';

const ctx = (retryAfterMs?: number) =>
  createErrorContext({ operation: 'op', component: 'c', timestamp: 0, retryAfterMs });

describe('askedWait / asksTooLong', () => {
  it.each([
    [undefined, undefined, false],
    [0, 0, false],
    [1000, 1000, false],
    [1001, 1001, true],
    [1e308, 1e308, true],
    [Infinity, Infinity, true],
    [Number.NaN, undefined, false],
    [-1, undefined, false],
  ])('retryAfterMs %s: asks %s; too long for a 1000 ms ceiling: %s', (retryAfterMs, asked, tooLong) => {
    expect(askedWait(ctx(retryAfterMs))).toBe(asked);
    expect(asksTooLong(ctx(retryAfterMs), 1000)).toBe(tooLong);
  });
});
