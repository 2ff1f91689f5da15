import { describe, expect, it, vi } from 'vitest';
import { isTimeoutError, TimeoutError } from '../errors/TimeoutError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { timeout } from './timeout.ts';

function track<T>(promise: Promise<T>) {
  const state: { status: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(state, { status: 'fulfilled', value }),
    (reason: unknown) => Object.assign(state, { status: 'rejected', reason }),
  );
  return state;
}

describe('timeout', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects ms = %s', (ms) => {
    expect(() => timeout(ms)).toThrow(new RangeError(`timeout: ms must be a finite number > 0, got ${ms}`));
  });

  it('exposes timeoutMs', () => {
    expect(timeout(250).timeoutMs).toBe(250);
  });

  it('resolves with the result when the operation is in time, and cancels its timer', async () => {
    const clock = new ManualClock();
    const seen: unknown[] = [];
    const result = timeout(100, { clock }).execute(async ({ signal, attempt }) => {
      seen.push(signal?.aborted, attempt);
      await clock.sleep(99);
      return 'fast';
    });
    await clock.advance(99);
    await expect(result).resolves.toBe('fast');
    expect(seen).toEqual([false, 0]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('after ms aborts the signal with a TimeoutError, rejects with it, even if the operation ignores it', async () => {
    const clock = new ManualClock();
    let innerSignal: AbortSignal | undefined;
    const state = track(
      timeout(100, { clock }).execute(({ signal }) => {
        innerSignal = signal;
        return new Promise<never>(() => undefined); // never settles, never listens
      }),
    );
    await clock.advance(99);
    expect(state.status).toBe('pending');
    expect(innerSignal!.aborted).toBe(false);
    await clock.advance(1);
    expect(state.status).toBe('rejected');
    expect(state.reason).toBeInstanceOf(TimeoutError);
    expect(state.reason).toMatchObject({
      name: 'TimeoutError',
      message: 'Operation timed out after 100 ms',
      timeoutMs: 100,
    });
    expect(isTimeoutError(state.reason)).toBe(true);
    expect(innerSignal!.aborted).toBe(true);
    expect(innerSignal!.reason).toBe(state.reason);
  });

  it('an operation that honours the signal rejects with the same TimeoutError', async () => {
    const clock = new ManualClock();
    const result = timeout(10, { clock }).execute(
      ({ signal }) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))),
    );
    result.catch(() => undefined);
    await clock.advance(10);
    await expect(result).rejects.toBeInstanceOf(TimeoutError);
  });

  it('an operation that fails late, after the timeout, causes no unhandled rejection and no change', async () => {
    const clock = new ManualClock();
    const result = timeout(10, { clock }).execute(async () => {
      await clock.sleep(50);
      throw new Error('late failure');
    });
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBeInstanceOf(TimeoutError);
  });

  it('passes errors, sync throws and non-Error values through unchanged', async () => {
    const policy = timeout(10, { clock: new ManualClock() });
    const error = new Error('boom');
    await expect(policy.execute(() => Promise.reject(error))).rejects.toBe(error);
    await expect(
      policy.execute(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    await expect(policy.execute(() => Promise.reject(undefined))).rejects.toBe(undefined);
    await expect(policy.execute(() => Promise.reject('str'))).rejects.toBe('str');
    await expect(policy.execute(() => 7)).resolves.toBe(7);
  });

  it('an outer abort is passed to the inner signal and rejects at once with its reason', async () => {
    const clock = new ManualClock();
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    const state = track(
      timeout(100, { clock }).execute(
        ({ signal }) => {
          inner = signal;
          return new Promise<never>(() => undefined);
        },
        { signal: outer.signal },
      ),
    );
    expect(inner).not.toBe(outer.signal);
    outer.abort('user');
    await clock.advance(0);
    expect(state).toEqual({ status: 'rejected', reason: 'user' });
    expect(inner!.reason).toBe('user');
    expect(clock.pendingSleeps).toBe(0);
  });

  it('does not run the operation when the outer signal is already aborted', async () => {
    const op = vi.fn();
    const clock = new ManualClock();
    await expect(timeout(100, { clock }).execute(op, { signal: AbortSignal.abort('gone') })).rejects.toBe('gone');
    expect(op).not.toHaveBeenCalled();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('stops listening to the outer signal once settled', async () => {
    const clock = new ManualClock();
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    await timeout(100, { clock }).execute(
      ({ signal }) => {
        inner = signal;
        return 'done';
      },
      { signal: outer.signal },
    );
    outer.abort('after');
    expect(inner!.aborted).toBe(false);
  });

  it('passes the attempt through', async () => {
    const seen: number[] = [];
    await timeout(5, { clock: new ManualClock() }).execute(({ attempt }) => seen.push(attempt), { attempt: 3 });
    expect(seen).toEqual([3]);
  });

  it('as a higher-order function: always async, `this` and arguments kept', async () => {
    const clock = new ManualClock();
    const obj = {
      k: 2,
      twice: timeout(10, { clock })(function (this: { k: number }, x: number) {
        return x * this.k;
      }),
    };
    const result = obj.twice(21);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(42);
    const slow = timeout(10, { clock })(() => clock.sleep(20).then(() => 'late'));
    const late = slow();
    late.catch(() => undefined);
    await clock.advance(10);
    await expect(late).rejects.toBeInstanceOf(TimeoutError);
    await clock.runAll();
  });

  it('uses real timers by default (fake timers here)', async () => {
    vi.useFakeTimers();
    try {
      const result = timeout(1000).execute(() => new Promise<never>(() => undefined));
      result.catch(() => undefined);
      await vi.advanceTimersByTimeAsync(1000);
      await expect(result).rejects.toBeInstanceOf(TimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
