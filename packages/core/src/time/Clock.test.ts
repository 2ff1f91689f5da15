import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultRandom, systemClock, timerSleep } from './Clock.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('timerSleep', () => {
  it('resolves after ms on the platform timers', async () => {
    vi.useFakeTimers();
    let done = false;
    void timerSleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('rejects at once with signal.reason when already aborted, without a timer', async () => {
    vi.useFakeTimers();
    const reason = new Error('gone');
    await expect(timerSleep(100, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort clears the timer and rejects with the reason', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = timerSleep(1000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort('cancelled');
    await expect(sleeping).rejects.toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('splits sleeps longer than the 2^31-1 ms timer limit instead of firing at once', async () => {
    vi.useFakeTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const thirtyDays = 30 * 24 * 3600 * 1000;
    let done = false;
    void timerSleep(thirtyDays).then(() => (done = true));
    expect(spy.mock.calls.map((call) => call[1])).toEqual([2 ** 31 - 1]);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(done).toBe(false);
    expect(spy.mock.calls.map((call) => call[1])).toEqual([2 ** 31 - 1, thirtyDays - (2 ** 31 - 1)]);
    await vi.advanceTimersByTimeAsync(thirtyDays - (2 ** 31 - 1) - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('an abort during the second part of a long sleep clears that timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = timerSleep(2 ** 32, controller.signal);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort('stop');
    await expect(sleeping).rejects.toBe('stop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('treats negative and NaN delays as 0', async () => {
    vi.useFakeTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    void timerSleep(-5);
    void timerSleep(Number.NaN);
    expect(spy.mock.calls.map((call) => call[1])).toEqual([0, 0]);
    await vi.runAllTimersAsync();
  });
});

describe('systemClock', () => {
  it('is created once and its now() is epoch milliseconds that never go backwards', () => {
    const clock = systemClock();
    expect(systemClock()).toBe(clock);
    const before = Date.now();
    const a = clock.now();
    const b = clock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    // performance.timeOrigin + performance.now() tracks the wall clock closely at start-up.
    expect(Math.abs(a - before)).toBeLessThan(1000);
    expect(clock.sleep).toBe(timerSleep);
  });
});

describe('defaultRandom', () => {
  it('is Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(defaultRandom()).toBe(0.25);
    spy.mockRestore();
  });
});
