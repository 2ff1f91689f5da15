import { describe, expect, it } from 'vitest';
import { CountWindow } from './CountWindow.ts';
import { TimeWindow } from './TimeWindow.ts';
import { createWindow, minimumCallsFor } from './createWindow.ts';

describe('createWindow', () => {
  it('builds the window asked for', () => {
    const count = createWindow('Test', { type: 'count', size: 7 });
    expect(count).toBeInstanceOf(CountWindow);
    expect((count as CountWindow).size).toBe(7);
    const time = createWindow('Test', { type: 'time', durationMs: 5_000, buckets: 5 });
    expect(time).toBeInstanceOf(TimeWindow);
    expect((time as TimeWindow).durationMs).toBe(5_000);
  });

  it('names the owner when the type is unknown or the options are missing', () => {
    expect(() => createWindow('FailureRate', { type: 'rolling' } as never)).toThrow(
      new RangeError('FailureRate: window.type must be "count" or "time", got "rolling"'),
    );
    expect(() => createWindow('FailureRate', undefined as never)).toThrow(
      new RangeError('FailureRate: window.type must be "count" or "time", got undefined'),
    );
  });
});

describe('minimumCallsFor', () => {
  it('caps the minimum at a count window’s size and leaves time windows alone', () => {
    expect(minimumCallsFor({ type: 'count', size: 10 }, 100)).toBe(10);
    expect(minimumCallsFor({ type: 'count', size: 10 }, 4)).toBe(4);
    expect(minimumCallsFor({ type: 'time', durationMs: 1_000 }, 100)).toBe(100);
  });
});
