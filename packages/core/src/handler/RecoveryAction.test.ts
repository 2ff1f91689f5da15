import { describe, expect, it } from 'vitest';
import { toOutcome } from './RecoveryAction.ts';

describe('toOutcome', () => {
  it('reads true/false as recovered/failed, passes valid outcomes through', () => {
    expect(toOutcome(true)).toEqual({ type: 'recovered' });
    expect(toOutcome(false)).toEqual({ type: 'failed' });
    for (const outcome of [
      { type: 'retry', delayMs: 0 },
      { type: 'retry', delayMs: 1500 },
      { type: 'fallback', value: undefined },
      { type: 'degrade', mode: 'paper' },
      { type: 'recovered' },
      { type: 'failed' },
    ]) {
      expect(toOutcome(outcome)).toBe(outcome);
    }
  });

  it('anything unrecognised is a failure, never a silent success', () => {
    for (const value of [
      undefined,
      null,
      0,
      1,
      'recovered',
      {},
      { type: 'skip' },
      { type: 'retry' },
      { type: 'retry', delayMs: -1 },
      { type: 'retry', delayMs: Infinity },
      { type: 'retry', delayMs: '5' },
    ]) {
      expect(toOutcome(value)).toEqual({ type: 'failed' });
    }
  });
});
