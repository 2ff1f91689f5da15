import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import type { Clock } from '../time/Clock.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import type { RetryEvent } from './RetryEvent.ts';
import { RetryHandler, type RetryOptions } from './RetryHandler.ts';

/** A handler on a ManualClock with plain exponential delays 100, 200, 400, … and a recorded event stream. */
function setup(options: RetryOptions = {}) {
  const clock = new ManualClock();
  const handler = new RetryHandler({ baseDelayMs: 100, jitter: false, clock, ...options });
  const events: RetryEvent[] = [];
  handler.subscribe((event) => events.push(event));
  return { clock, handler, events };
}

/** Watches a promise without awaiting it, so tests can see it is still pending. */
function track<T>(promise: Promise<T>) {
  const state: { status: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(state, { status: 'fulfilled', value }),
    (reason: unknown) => Object.assign(state, { status: 'rejected', reason }),
  );
  return state;
}

/** Lets a few rounds of promise reactions run, without moving any clock. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Fails `failures` times (with errors made by `makeError`, kept in `errors`), then returns `value`. */
function flaky<T>(failures: number, value: T, makeError: (n: number) => unknown = (n) => new Error(`fail ${n}`)) {
  const errors: unknown[] = [];
  const calls: number[] = [];
  // `attempt` is absent when called through `call()`.
  const fn = vi.fn((attempt?: number) => {
    calls.push(attempt ?? -1);
    if (calls.length <= failures) {
      const error = makeError(calls.length);
      errors.push(error);
      throw error;
    }
    return value;
  });
  return { fn, errors, calls };
}

describe('RetryHandler options', () => {
  it('has the seed defaults', () => {
    const handler = new RetryHandler();
    expect([
      handler.maxRetries,
      handler.baseDelayMs,
      handler.maxDelayMs,
      handler.exponentialBase,
      handler.jitter,
    ]).toEqual([3, 1000, 60_000, 2, true]);
  });

  it.each([
    [{ baseDelayMs: Number.NaN }, 'RetryHandler: baseDelayMs must be a finite number >= 0, got NaN'],
    [{ baseDelayMs: -1 }, 'RetryHandler: baseDelayMs must be a finite number >= 0, got -1'],
    [{ maxRetries: -1 }, 'RetryHandler: maxRetries must be a non-negative integer, got -1'],
    [{ maxRetries: 1.5 }, 'RetryHandler: maxRetries must be a non-negative integer, got 1.5'],
    [{ maxRetries: Number.POSITIVE_INFINITY }, 'RetryHandler: maxRetries must be a non-negative integer, got Infinity'],
    [{ maxRetries: '3' }, 'RetryHandler: maxRetries must be a non-negative integer, got "3"'],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, 'RetryHandler: maxDelayMs must be a finite number >= 0, got Infinity'],
    [{ maxDelayMs: 500 }, 'RetryHandler: maxDelayMs must be at least baseDelayMs (1000), got 500'],
    [{ exponentialBase: 0.5 }, 'RetryHandler: exponentialBase must be a finite number >= 1, got 0.5'],
    [{ exponentialBase: -2 }, 'RetryHandler: exponentialBase must be a finite number >= 1, got -2'],
    [{ exponentialBase: Number.NaN }, 'RetryHandler: exponentialBase must be a finite number >= 1, got NaN'],
    [{ jitter: 'half' }, `RetryHandler: jitter must be true, false, 'full' or 'decorrelated', got "half"`],
    [{ jitter: 1 }, `RetryHandler: jitter must be true, false, 'full' or 'decorrelated', got 1`],
    [{ shouldRetry: true }, 'RetryHandler: shouldRetry must be a function, got true'],
    [{ random: 0.5 }, 'RetryHandler: random must be a function, got 0.5'],
  ])('rejects %o', (options, message) => {
    expect(() => new RetryHandler(options as RetryOptions)).toThrow(new RangeError(message));
  });

  it('accepts the edges: no retries, zero delays, base 1', () => {
    const handler = new RetryHandler({ maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, exponentialBase: 1 });
    expect([handler.maxRetries, handler.baseDelayMs, handler.maxDelayMs, handler.exponentialBase]).toEqual([
      0, 0, 0, 1,
    ]);
  });
});

describe('RetryHandler.calculateDelay', () => {
  it('is min(base * exponentialBase^attempt, maxDelay) without jitter', () => {
    const handler = new RetryHandler({ jitter: false });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((a) => handler.calculateDelay(a))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    const base3 = new RetryHandler({ jitter: false, baseDelayMs: 100, maxDelayMs: 1000, exponentialBase: 3 });
    expect([0, 1, 2, 3].map((a) => base3.calculateDelay(a))).toEqual([100, 300, 900, 1000]);
  });

  it('stays finite for huge attempts, and 0 with a zero base (never 0 * Infinity = NaN)', () => {
    expect(new RetryHandler({ jitter: false }).calculateDelay(5000)).toBe(60_000);
    expect(new RetryHandler({ jitter: false, baseDelayMs: 0 }).calculateDelay(5000)).toBe(0);
  });

  it('jitter true multiplies by 0.5 + random * 0.5: [0.5, 1.0) of the delay', () => {
    const at = (r: number) => new RetryHandler({ random: () => r }).calculateDelay(2); // capped 4000
    expect(at(0)).toBe(2000);
    expect(at(0.5)).toBe(3000);
    expect(at(0.75)).toBe(3500);
    expect(at(0.999999)).toBeCloseTo(3999.998, 9);
    expect(at(0.999999)).toBeLessThan(4000);
  });

  it("jitter 'full' multiplies by random: [0, delay)", () => {
    const at = (r: number) => new RetryHandler({ jitter: 'full', random: () => r }).calculateDelay(2);
    expect(at(0)).toBe(0);
    expect(at(0.25)).toBe(1000);
    expect(at(0.999999)).toBeCloseTo(3999.996, 9);
  });

  it("jitter 'decorrelated' is base + random * (max(base, previous * 3) - base), capped at maxDelay", () => {
    const at = (r: number, previous?: number) =>
      new RetryHandler({
        jitter: 'decorrelated',
        baseDelayMs: 100,
        maxDelayMs: 10_000,
        random: () => r,
      }).calculateDelay(0, previous);
    expect(at(0)).toBe(100);
    expect(at(0.5)).toBe(200); // previous defaults to base: [100, 300)
    expect(at(0.5, 1000)).toBe(1550);
    expect(at(0, 1000)).toBe(100);
    expect(at(0.999999, 5000)).toBe(10_000);
    expect(at(0.5, 10)).toBe(100); // previous * 3 below base: the range collapses to base
  });

  it('rejects a bad attempt or previous delay', () => {
    const handler = new RetryHandler();
    expect(() => handler.calculateDelay(-1)).toThrow(
      new RangeError('RetryHandler.calculateDelay: attempt must be a non-negative integer, got -1'),
    );
    expect(() => handler.calculateDelay(0.5)).toThrow(RangeError);
    expect(() => handler.calculateDelay(0, Number.NaN)).toThrow(
      new RangeError('RetryHandler.calculateDelay: previousDelayMs must be a finite number >= 0, got NaN'),
    );
  });

  describe('bounds over 10,000 seeded samples', () => {
    const samples = 10_000;

    it('jitter true: every delay in [0.5, 1.0) of the capped delay, spread across the range', () => {
      const handler = new RetryHandler({ random: seededRandom(1) });
      for (const attempt of [0, 3, 8]) {
        const capped = Math.min(1000 * 2 ** attempt, 60_000);
        let min = Infinity;
        let max = -Infinity;
        let sum = 0;
        for (let i = 0; i < samples; i++) {
          const d = handler.calculateDelay(attempt);
          min = Math.min(min, d);
          max = Math.max(max, d);
          sum += d;
        }
        expect(min).toBeGreaterThanOrEqual(capped * 0.5);
        expect(max).toBeLessThan(capped);
        expect(min).toBeLessThan(capped * 0.501);
        expect(max).toBeGreaterThan(capped * 0.999);
        expect(sum / samples / capped).toBeCloseTo(0.75, 2);
      }
    });

    it("jitter 'full': every delay in [0, capped delay)", () => {
      const handler = new RetryHandler({ jitter: 'full', random: seededRandom(2) });
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < samples; i++) {
        const d = handler.calculateDelay(1);
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      expect(min).toBeGreaterThanOrEqual(0);
      expect(min).toBeLessThan(2);
      expect(max).toBeLessThan(2000);
      expect(max).toBeGreaterThan(1998);
    });

    it("jitter 'decorrelated': each delay in [base, previous * 3), never above maxDelay", () => {
      const handler = new RetryHandler({
        jitter: 'decorrelated',
        baseDelayMs: 100,
        maxDelayMs: 5000,
        random: seededRandom(3),
      });
      let previous = 100;
      let outOfBounds = 0;
      let hitCap = 0;
      for (let i = 0; i < samples; i++) {
        const d = handler.calculateDelay(i % 10, previous);
        if (d < 100 || d > 5000 || (d >= previous * 3 && d !== 5000)) outOfBounds++;
        if (d === 5000) hitCap++;
        previous = i % 10 === 9 ? 100 : d; // restart the chain now and then, as a new call would
      }
      expect(outOfBounds).toBe(0);
      expect(hitCap).toBeGreaterThan(0);
    });
  });
});

describe('RetryHandler.call / execute', () => {
  it('returns a promise even for a sync function, calls it with the arguments, starts attempt 0 at once', async () => {
    const { handler, events } = setup();
    const fn = vi.fn((a: number, b: string) => `${a}${b}`);
    const result = handler.call(fn, 1, 'x');
    expect(result).toBeInstanceOf(Promise);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith(1, 'x');
    await expect(result).resolves.toBe('1x');
    expect(events).toEqual([]);
  });

  it('passes the 0-based attempt and the signal to execute callbacks', async () => {
    const { clock, handler } = setup();
    const signal = new AbortController().signal;
    const seen: [number, AbortSignal | undefined][] = [];
    const result = handler.execute(
      (attempt, s) => {
        seen.push([attempt, s]);
        if (attempt < 2) throw new Error('again');
        return 'ok';
      },
      { signal },
    );
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(seen).toEqual([
      [0, signal],
      [1, signal],
      [2, signal],
    ]);
  });

  it('retries a sync function after exponential waits, never blocking, emitting retry.scheduled per wait', async () => {
    const { clock, handler, events } = setup();
    const { fn, calls } = flaky(2, 'done');
    const state = track(handler.execute(fn));
    await flush();
    expect(state.status).toBe('pending');
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(99);
    expect(calls).toEqual([0]);
    await clock.advance(1);
    expect(calls).toEqual([0, 1]);
    await clock.advance(200);
    expect(calls).toEqual([0, 1, 2]);
    expect(state).toEqual({ status: 'fulfilled', value: 'done' });
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
      { type: 'retry.scheduled', attempt: 1, delayMs: 200, errorName: 'Error', at: 100 },
    ]);
  });

  it('makes maxRetries + 1 attempts, then re-throws the last error itself and emits retry.gave-up', async () => {
    const { clock, handler, events } = setup({ maxRetries: 2 });
    const { fn, errors } = flaky(Infinity, 'never');
    const state = track(handler.call(fn));
    await clock.runAll();
    expect(fn).toHaveBeenCalledTimes(3);
    expect(state.status).toBe('rejected');
    expect(state.reason).toBe(errors[2]);
    expect(clock.now()).toBe(300);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
      { type: 'retry.scheduled', attempt: 1, delayMs: 200, errorName: 'Error', at: 100 },
      { type: 'retry.gave-up', attempts: 3, reason: 'exhausted', errorName: 'Error', at: 300 },
    ]);
  });

  it('retries promise-returning functions (rejections) the same way', async () => {
    const { clock, handler, events } = setup({ maxRetries: 1 });
    const error = new TypeError('fetch failed');
    let n = 0;
    const state = track(handler.call(async () => (n++ === 0 ? Promise.reject(error) : 'second')));
    await clock.runAll();
    expect(state).toEqual({ status: 'fulfilled', value: 'second' });
    expect(events).toEqual([{ type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'TypeError', at: 0 }]);
  });

  it('with maxRetries 0 makes one attempt; a sync throw still comes back as a rejection', async () => {
    const { handler, events } = setup({ maxRetries: 0 });
    const error = new Error('once');
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = handler.call(() => {
        throw error;
      });
    }).not.toThrow();
    await expect(result).rejects.toBe(error);
    expect(events).toEqual([{ type: 'retry.gave-up', attempts: 1, reason: 'exhausted', errorName: 'Error', at: 0 }]);
  });

  it('asks shouldRetry(error, attempt) after each failed attempt but the last, and stops when it says no', async () => {
    const seen: [unknown, number][] = [];
    const { clock, handler, events } = setup({
      maxRetries: 5,
      shouldRetry: (error, attempt) => {
        seen.push([error, attempt]);
        return attempt < 1;
      },
    });
    const { fn, errors } = flaky(Infinity, 'never');
    const state = track(handler.call(fn));
    await clock.runAll();
    expect(seen).toEqual([
      [errors[0], 0],
      [errors[1], 1],
    ]);
    expect(state.reason).toBe(errors[1]);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
      { type: 'retry.gave-up', attempts: 2, reason: 'not-retryable', errorName: 'Error', at: 100 },
    ]);
  });

  it('never asks shouldRetry after the last attempt', async () => {
    const shouldRetry = vi.fn(() => true);
    const { clock, handler } = setup({ maxRetries: 2, shouldRetry });
    const state = track(handler.call(flaky(Infinity, 0).fn));
    await clock.runAll();
    expect(state.status).toBe('rejected');
    expect(shouldRetry.mock.calls.map((call) => (call as unknown[])[1])).toEqual([0, 1]);
  });

  describe('default retry decision', () => {
    const notRetried: [string, unknown, string][] = [
      ['retryable: false', Object.assign(new Error('bad request'), { retryable: false }), 'Error'],
      [
        'an isolated breaker (CircuitOpenError without retryAfterMs)',
        new CircuitOpenError('kraken', undefined),
        'CircuitOpenError',
      ],
      ['an AbortError DOMException', new DOMException('aborted', 'AbortError'), 'AbortError'],
      ['an AbortError look-alike', { name: 'AbortError' }, 'AbortError'],
    ];
    it.each(notRetried)('does not retry %s', async (_, error, errorName) => {
      const { handler, events } = setup();
      const fn = vi.fn(() => Promise.reject(error));
      await expect(handler.call(fn)).rejects.toBe(error);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(events).toEqual([{ type: 'retry.gave-up', attempts: 1, reason: 'not-retryable', errorName, at: 0 }]);
    });

    it.each([
      ['a TimeoutError', new TimeoutError(50)],
      ['retryable: true', Object.assign(new Error('x'), { retryable: true })],
      ['a string', 'boom'],
      ['undefined', undefined],
    ])('retries %s', async (_, error) => {
      const { clock, handler } = setup({ maxRetries: 1 });
      const fn = vi.fn(() => Promise.reject(error));
      const state = track(handler.call(fn));
      await clock.runAll();
      expect(fn).toHaveBeenCalledTimes(2);
      expect(state).toEqual({ status: 'rejected', reason: error });
    });
  });

  describe('retryAfterMs carried by the error', () => {
    it('waits for it when it is longer than the computed delay', async () => {
      const { clock, handler, events } = setup();
      const { fn, calls } = flaky(1, 'ok', () =>
        Object.assign(new Error('429'), { name: 'RateLimited', retryAfterMs: 5000 }),
      );
      const state = track(handler.execute(fn));
      await clock.advance(4999);
      expect(calls).toEqual([0]);
      await clock.advance(1);
      expect(state).toEqual({ status: 'fulfilled', value: 'ok' });
      expect(events).toEqual([{ type: 'retry.scheduled', attempt: 0, delayMs: 5000, errorName: 'RateLimited', at: 0 }]);
    });

    it('keeps the computed delay when it is longer', async () => {
      const { clock, handler, events } = setup();
      const state = track(handler.call(flaky(1, 'ok', () => ({ retryAfterMs: 50 })).fn));
      await clock.runAll();
      expect(state.status).toBe('fulfilled');
      expect(events).toEqual([{ type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'object', at: 0 }]);
    });

    it.each([Number.NaN, -1, '5000', Number.POSITIVE_INFINITY])(
      'ignores a retryAfterMs of %s',
      async (retryAfterMs) => {
        const { clock, handler, events } = setup();
        const state = track(handler.call(flaky(1, 'ok', () => ({ retryAfterMs })).fn));
        await clock.runAll();
        expect(state.status).toBe('fulfilled');
        expect(events.map((e) => e.type === 'retry.scheduled' && e.delayMs)).toEqual([100]);
      },
    );

    it("retries a breaker's CircuitOpenError once the breaker would let a trial through", async () => {
      const { clock, handler, events } = setup();
      const { fn } = flaky(1, 'ok', () => new CircuitOpenError('kraken', 30_000));
      const state = track(handler.call(fn));
      await clock.runAll();
      expect(state.status).toBe('fulfilled');
      expect(clock.now()).toBe(30_000);
      expect(events).toEqual([
        { type: 'retry.scheduled', attempt: 0, delayMs: 30_000, errorName: 'CircuitOpenError', at: 0 },
      ]);
    });
  });

  describe('abort', () => {
    it('rejects at once with signal.reason when the signal is already aborted, without calling fn', async () => {
      const { handler, events } = setup();
      const reason = new Error('cancelled');
      const fn = vi.fn();
      await expect(handler.execute(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(fn).not.toHaveBeenCalled();
      expect(events).toEqual([]);
    });

    it('an abort during a backoff wait rejects immediately with signal.reason and removes the sleep', async () => {
      const { clock, handler, events } = setup();
      const controller = new AbortController();
      const { fn } = flaky(Infinity, 'never');
      const state = track(handler.execute(fn, { signal: controller.signal }));
      await flush();
      expect(clock.pendingSleeps).toBe(1);
      const reason = new Error('user cancelled');
      controller.abort(reason);
      await flush(); // no clock movement needed
      expect(state).toEqual({ status: 'rejected', reason });
      expect(clock.pendingSleeps).toBe(0);
      expect(clock.now()).toBe(0);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(events).toEqual([
        { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
        { type: 'retry.gave-up', attempts: 1, reason: 'aborted', errorName: 'Error', at: 0 },
      ]);
    });

    it("an abort without a reason rejects with the platform's AbortError", async () => {
      const { handler } = setup();
      const controller = new AbortController();
      const result = handler.execute(flaky(Infinity, 0).fn, { signal: controller.signal });
      await flush();
      controller.abort();
      await expect(result).rejects.toBe(controller.signal.reason);
      await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('an attempt that fails after an abort ends the loop with signal.reason, no further attempt', async () => {
      const { clock, handler, events } = setup();
      const controller = new AbortController();
      const fn = vi.fn(
        (_attempt: number, signal: AbortSignal | undefined) =>
          new Promise((_, reject) => signal!.addEventListener('abort', () => reject(new Error('socket closed')))),
      );
      const state = track(handler.execute(fn, { signal: controller.signal }));
      controller.abort('stop');
      await clock.runAll();
      expect(state).toEqual({ status: 'rejected', reason: 'stop' });
      expect(fn).toHaveBeenCalledTimes(1);
      expect(events).toEqual([{ type: 'retry.gave-up', attempts: 1, reason: 'aborted', errorName: 'Error', at: 0 }]);
    });

    it('an attempt that succeeds despite an abort still returns its value (the work was done)', async () => {
      const { handler } = setup();
      const controller = new AbortController();
      let finish!: (v: string) => void;
      const result = handler.execute(() => new Promise<string>((resolve) => (finish = resolve)), {
        signal: controller.signal,
      });
      controller.abort('late');
      finish('filled');
      await expect(result).resolves.toBe('filled');
    });

    it('never starts an attempt when the abort lands in the same turn as the end of the wait', async () => {
      const controller = new AbortController();
      // A clock whose sleep ends and, before the retry loop resumes, the signal is aborted.
      const clock: Clock = {
        now: () => 0,
        sleep: () => {
          const done = Promise.resolve();
          controller.abort('raced');
          return done;
        },
      };
      const handler = new RetryHandler({ clock, jitter: false });
      const events: RetryEvent[] = [];
      handler.subscribe((event) => events.push(event));
      const { fn } = flaky(Infinity, 'never');
      await expect(handler.execute(fn, { signal: controller.signal })).rejects.toBe('raced');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(events.map((e) => e.type === 'retry.gave-up' && e.reason)).toEqual([false, 'aborted']);
    });
  });

  describe('non-Error throws pass through unchanged', () => {
    it.each([
      ['a string', 'boom', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['a number', 42, 'number'],
    ])('%s', async (_, thrown, errorName) => {
      const { clock, handler, events } = setup({ maxRetries: 1 });
      const state = track(
        handler.call(() => {
          throw thrown;
        }),
      );
      await clock.runAll();
      expect(state.status).toBe('rejected');
      expect(state.reason).toBe(thrown);
      expect(events).toEqual([
        { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName, at: 0 },
        { type: 'retry.gave-up', attempts: 2, reason: 'exhausted', errorName, at: 100 },
      ]);
    });
  });

  it('accepts foreign thenables and always hands back a real promise', async () => {
    const { clock, handler } = setup();
    let n = 0;
    const thenable = {
      then(resolve: (v: string) => void, reject: (e: unknown) => void) {
        if (n++ === 0) reject(new Error('first'));
        else resolve('from thenable');
      },
    };
    const result = handler.execute(() => thenable as unknown as PromiseLike<string>);
    expect(result).toBeInstanceOf(Promise);
    await clock.runAll();
    await expect(result).resolves.toBe('from thenable');
  });

  it('rejects (does not retry) when fn is not a function', async () => {
    const { handler, events } = setup();
    await expect(handler.execute(undefined as never)).rejects.toThrow(
      new TypeError('RetryHandler.execute: fn must be a function, got undefined'),
    );
    expect(events).toEqual([]);
  });

  it('feeds each decorrelated delay into the next', async () => {
    const { clock, handler, events } = setup({
      jitter: 'decorrelated',
      maxDelayMs: 10_000,
      maxRetries: 3,
      random: () => 0.5,
    });
    const state = track(handler.call(flaky(Infinity, 0).fn));
    await clock.runAll();
    expect(state.status).toBe('rejected');
    // 100 + 0.5 * (300 - 100), then 100 + 0.5 * (600 - 100), then 100 + 0.5 * (1050 - 100)
    expect(events.map((e) => (e.type === 'retry.scheduled' ? e.delayMs : e.reason))).toEqual([
      200,
      350,
      575,
      'exhausted',
    ]);
  });

  it('jittered waits in a real loop use the injected random', async () => {
    const { clock, handler, events } = setup({ jitter: true, random: () => 0 });
    track(handler.call(flaky(Infinity, 0).fn));
    await clock.runAll();
    expect(events.map((e) => (e.type === 'retry.scheduled' ? e.delayMs : e.attempts))).toEqual([50, 100, 200, 4]);
    expect(clock.now()).toBe(350);
  });

  it('emits nothing after unsubscribe, and runs the same without listeners', async () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({ clock, jitter: false, baseDelayMs: 10, maxRetries: 1 });
    const events: RetryEvent[] = [];
    const stop = handler.subscribe((event) => events.push(event));
    stop();
    const state = track(handler.call(flaky(1, 'ok').fn));
    await clock.runAll();
    expect(state).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(events).toEqual([]);
  });

  it('one handler serves concurrent calls independently', async () => {
    const { clock, handler } = setup();
    const a = track(handler.call(flaky(1, 'a').fn));
    const b = track(handler.call(flaky(2, 'b').fn));
    await clock.advance(100);
    expect(a).toEqual({ status: 'fulfilled', value: 'a' });
    expect(b.status).toBe('pending');
    await clock.advance(200);
    expect(b).toEqual({ status: 'fulfilled', value: 'b' });
  });
});

/** Thrown values that throw when read, made fresh per test (a revoked Proxy cannot even be printed). */
const hostile: [string, () => unknown][] = [
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  ],
  [
    'a Proxy whose every read throws',
    () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('no reads');
          },
        },
      ),
  ],
  [
    'an Error whose name getter throws',
    () =>
      Object.defineProperty(new Error('x'), 'name', {
        get() {
          throw new Error('no name');
        },
      }),
  ],
];

describe('RetryHandler maxRetryAfterMs', () => {
  const YEAR = 365 * 24 * 3600 * 1000;

  it('defaults to maxDelayMs, and may be set apart from it', () => {
    expect(new RetryHandler().maxRetryAfterMs).toBe(60_000);
    expect(new RetryHandler({ baseDelayMs: 10, maxDelayMs: 5000 }).maxRetryAfterMs).toBe(5000);
    expect(new RetryHandler({ maxRetryAfterMs: 0 }).maxRetryAfterMs).toBe(0);
    expect(new RetryHandler({ maxDelayMs: 5000, baseDelayMs: 10, maxRetryAfterMs: 600_000 }).maxRetryAfterMs).toBe(
      600_000,
    );
  });

  it.each([
    [Number.NaN, 'NaN'],
    [-1, '-1'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['5000', '"5000"'],
  ])('rejects maxRetryAfterMs %s', (maxRetryAfterMs, shown) => {
    expect(() => new RetryHandler({ maxRetryAfterMs } as RetryOptions)).toThrow(
      new RangeError(`RetryHandler: maxRetryAfterMs must be a finite number >= 0, got ${shown}`),
    );
  });

  it.each([
    ['a year', YEAR],
    ['1e308 ms', 1e308],
  ])('a retryAfterMs of %s gives up at once with the error itself, and says why', async (_, retryAfterMs) => {
    const { clock, handler, events } = setup();
    const error = Object.assign(new Error('429'), { name: 'RateLimited', retryAfterMs });
    const fn = vi.fn(() => Promise.reject(error));
    await expect(handler.execute(fn)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.pendingSleeps).toBe(0);
    expect(events).toEqual([
      {
        type: 'retry.gave-up',
        attempts: 1,
        reason: 'retry-after-too-long',
        retryAfterMs,
        maxRetryAfterMs: 60_000,
        errorName: 'RateLimited',
        at: 0,
      },
    ]);
  });

  it('a wait equal to the ceiling is still waited for; one above it is not', async () => {
    const { clock, handler, events } = setup({ maxRetryAfterMs: 10_000 });
    const { fn } = flaky(1, 'ok', () => ({ retryAfterMs: 10_000 }));
    const state = track(handler.execute(fn));
    await clock.runAll();
    expect(state).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(clock.now()).toBe(10_000);
    const tooLong = { retryAfterMs: 10_001 };
    await expect(handler.execute(() => Promise.reject(tooLong))).rejects.toBe(tooLong);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 10_000, errorName: 'object', at: 0 },
      {
        type: 'retry.gave-up',
        attempts: 1,
        reason: 'retry-after-too-long',
        retryAfterMs: 10_001,
        maxRetryAfterMs: 10_000,
        errorName: 'object',
        at: 10_000,
      },
    ]);
  });

  it('gives up on the attempt whose error asks too much, after earlier waits', async () => {
    const { clock, handler, events } = setup();
    const { fn, errors } = flaky(2, 'never', (n) => ({ name: `E${n}`, retryAfterMs: n === 1 ? 1000 : 2 * 3600_000 }));
    const state = track(handler.execute(fn));
    await clock.runAll();
    expect(state).toEqual({ status: 'rejected', reason: errors[1] });
    expect(state.reason).toBe(errors[1]);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 1000, errorName: 'E1', at: 0 },
      {
        type: 'retry.gave-up',
        attempts: 2,
        reason: 'retry-after-too-long',
        retryAfterMs: 7_200_000,
        maxRetryAfterMs: 60_000,
        errorName: 'E2',
        at: 1000,
      },
    ]);
  });

  it('an error that is not retryable, or the last attempt, gives up for that reason first', async () => {
    const { handler, events } = setup({ maxRetries: 0 });
    const error = { retryAfterMs: YEAR };
    await expect(handler.execute(() => Promise.reject(error))).rejects.toBe(error);
    const final = { retryAfterMs: YEAR, retryable: false };
    await expect(setup().handler.execute(() => Promise.reject(final))).rejects.toBe(final);
    expect(events).toEqual([{ type: 'retry.gave-up', attempts: 1, reason: 'exhausted', errorName: 'object', at: 0 }]);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])(
    'a retryAfterMs of %s is no wait at all (never a NaN or endless sleep)',
    async (retryAfterMs) => {
      const { clock, handler, events } = setup({ maxRetries: 1 });
      const error = { retryAfterMs };
      const state = track(handler.execute(() => Promise.reject(error)));
      await clock.runAll();
      expect(state).toEqual({ status: 'rejected', reason: error });
      expect(events).toEqual([
        { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'object', at: 0 },
        { type: 'retry.gave-up', attempts: 2, reason: 'exhausted', errorName: 'object', at: 100 },
      ]);
    },
  );

  it('a huge Retry-After header gives up the same way', async () => {
    const { handler, events } = setup();
    const error = { status: 429, headers: { 'retry-after': '31536000' } };
    await expect(handler.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(events).toEqual([
      {
        type: 'retry.gave-up',
        attempts: 1,
        reason: 'retry-after-too-long',
        retryAfterMs: YEAR,
        maxRetryAfterMs: 60_000,
        errorName: 'object',
        at: 0,
      },
    ]);
  });
});

describe('RetryHandler reads a raw Retry-After header', () => {
  const T0 = Date.UTC(2026, 0, 1);

  it.each([
    ['a plain object, any key case', { status: 429, headers: { 'Retry-After': '7' } }],
    ['a plain object, lower case, Node array form', { status: 429, headers: { 'retry-after': ['7'] } }],
    ['a fetch Headers object', { status: 429, headers: new Headers({ 'Retry-After': '7' }) }],
    [
      'a Headers-like object with get()',
      { status: 429, headers: { get: (name: string) => (name === 'retry-after' ? '7' : null) } },
    ],
    ['response.headers', { response: { status: 429, headers: { 'retry-after': '7' } } }],
    [
      'an HTTP date, measured from the clock',
      { status: 429, headers: { 'retry-after': new Date(T0 + 7000).toUTCString() } },
    ],
  ])('%s: waits 7 s instead of the 100 ms backoff', async (_, error) => {
    const clock = new ManualClock(T0);
    const handler = new RetryHandler({ baseDelayMs: 100, jitter: false, clock });
    const events: RetryEvent[] = [];
    handler.subscribe((e) => events.push(e));
    const { fn, calls } = flaky(1, 'ok', () => error);
    const state = track(handler.execute(fn));
    await clock.advance(6999);
    expect(calls).toEqual([0]);
    await clock.advance(1);
    expect(state).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(events).toEqual([{ type: 'retry.scheduled', attempt: 0, delayMs: 7000, errorName: 'object', at: T0 }]);
  });
});

describe('RetryHandler with thrown values that cannot be read', () => {
  it.each(hostile)(
    '%s: not retryable; the rejection is the very value, the event names it "unknown"',
    async (_, make) => {
      const { handler, events } = setup();
      const thrown = make();
      const fn = vi.fn(() => Promise.reject(thrown));
      // Watched, never awaited: resolving a promise with a Proxy reads its `then`.
      const state = track(handler.execute(fn));
      await flush();
      expect(state.status).toBe('rejected');
      expect(state.reason === thrown).toBe(true);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(events).toEqual([
        { type: 'retry.gave-up', attempts: 1, reason: 'not-retryable', errorName: 'unknown', at: 0 },
      ]);
    },
  );

  it.each(hostile)('%s, thrown synchronously: the same', async (_, make) => {
    const { handler } = setup();
    const thrown = make();
    const state = track(
      handler.execute(() => {
        throw thrown;
      }),
    );
    await flush();
    expect(state.status).toBe('rejected');
    expect(state.reason === thrown).toBe(true);
  });

  it.each(hostile)(
    '%s with a shouldRetry that says yes: retried with the plain backoff, the last one re-thrown',
    async (_, make) => {
      const { clock, handler, events } = setup({ maxRetries: 2, shouldRetry: () => true });
      const thrown = [make(), make(), make()];
      let i = 0;
      const state = track(handler.execute(() => Promise.reject(thrown[i++])));
      await clock.runAll();
      expect(state.status).toBe('rejected');
      expect(state.reason === thrown[2]).toBe(true);
      expect(events).toEqual([
        { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'unknown', at: 0 },
        { type: 'retry.scheduled', attempt: 1, delayMs: 200, errorName: 'unknown', at: 100 },
        { type: 'retry.gave-up', attempts: 3, reason: 'exhausted', errorName: 'unknown', at: 300 },
      ]);
    },
  );

  it('a shouldRetry that throws means no: it rejects with the attempt’s error, not the predicate’s', async () => {
    const { handler, events } = setup({
      shouldRetry: (error) => (error as { status: number }).status === 503,
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const state = track(handler.execute(() => Promise.reject(proxy)));
    await flush();
    expect(state.status).toBe('rejected');
    expect(state.reason === proxy).toBe(true);
    expect(events).toEqual([
      { type: 'retry.gave-up', attempts: 1, reason: 'not-retryable', errorName: 'unknown', at: 0 },
    ]);
  });
});
