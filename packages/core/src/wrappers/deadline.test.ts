import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, isDeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { isTimeoutError } from '../errors/TimeoutError.ts';
import type { RetryEvent } from '../retry/RetryEvent.ts';
import { RetryHandler } from '../retry/RetryHandler.ts';
import { isRetryable } from '../retry/isRetryable.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { compose } from './compose.ts';
import { deadline } from './deadline.ts';
import { deadlineOf } from './deadlineOf.ts';
import { retrying } from './retrying.ts';
import { timeout } from './timeout.ts';

function track<T>(promise: Promise<T>) {
  const state: { status: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(state, { status: 'fulfilled', value }),
    (reason: unknown) => Object.assign(state, { status: 'rejected', reason }),
  );
  return state;
}

describe('deadline', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects ms = %s', (ms) => {
    expect(() => deadline(ms)).toThrow(new RangeError(`deadline: ms must be a finite number > 0, got ${ms}`));
  });

  it('hands the call a signal that carries the deadline, and resolves with the result in time', async () => {
    const clock = new ManualClock(1000);
    const seen: unknown[] = [];
    const result = deadline(5000, { clock }).execute(({ signal, attempt }) => {
      const limit = deadlineOf(signal);
      seen.push(signal?.aborted, attempt, limit?.ms, limit?.at);
      return 'done';
    });
    await expect(result).resolves.toBe('done');
    expect(seen).toEqual([false, 0, 5000, 6000]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('aborts at the deadline, rejects with a DeadlineExceededError, even if the call ignores the signal', async () => {
    const clock = new ManualClock();
    let signal: AbortSignal | undefined;
    const result = track(
      deadline(5000, { clock }).execute((ctx) => ((signal = ctx.signal), new Promise<never>(() => {}))),
    );
    await clock.advance(4999);
    expect(result.status).toBe('pending');
    await clock.advance(1);
    expect(result.status).toBe('rejected');
    expect(result.reason).toBeInstanceOf(DeadlineExceededError);
    expect((result.reason as Error).message).toBe('Deadline of 5000 ms exceeded: the operation was still running');
    expect(signal?.reason).toBe(result.reason);
    expect(isDeadlineExceededError(result.reason)).toBe(true);
    expect(isTimeoutError(result.reason)).toBe(false);
    expect(isRetryable(result.reason)).toBe(false); // an enclosing retry does not retry past a deadline
  });

  it('compose(deadline, retrying): no retry whose wait ends past the deadline; says which limit ended it', async () => {
    const clock = new ManualClock();
    const events: string[] = [];
    const retry = retrying({ maxRetries: 10, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: false, clock });
    retry.handler.subscribe((e: RetryEvent) =>
      events.push(
        e.type === 'retry.scheduled' ? `scheduled ${e.delayMs} at ${e.at}` : `gave up: ${e.reason} after ${e.attempts}`,
      ),
    );
    const lastError = new Error('503 maintenance');
    const signals = new Set<AbortSignal | undefined>();
    let attempts = 0;
    const result = track(
      compose(deadline(5000, { clock }), retry).execute(({ signal }) => {
        signals.add(signal);
        attempts++;
        return Promise.reject(lastError);
      }),
    );
    await clock.runAll();
    // Waits of 1000 and 2000 ms fit (attempts at 0, 1000, 3000); the next, 4000 ms, would end at 7000 > 5000.
    expect(attempts).toBe(3);
    expect(events).toEqual(['scheduled 1000 at 0', 'scheduled 2000 at 1000', 'gave up: deadline after 3']);
    expect(clock.now()).toBe(3000);
    expect(result.reason).toBeInstanceOf(DeadlineExceededError);
    expect((result.reason as DeadlineExceededError).message).toBe(
      'Deadline of 5000 ms exceeded: after 3 attempts, the next retry would wait 4000 ms with 2000 ms left',
    );
    expect((result.reason as DeadlineExceededError).deadlineMs).toBe(5000);
    expect((result.reason as Error).cause).toBe(lastError);
    expect(signals.size).toBe(1); // the deadline's signal reached every attempt
    expect([...signals][0]?.aborted).toBe(false);
  });

  it('a retry sees the deadline through a per-attempt timeout; each attempt ends at the sooner limit', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const result = track(
      compose(
        deadline(2500, { clock }),
        retrying({ maxRetries: 5, baseDelayMs: 100, jitter: false, clock }),
        timeout(1000, { clock }),
      ).execute(() => {
        attempts++;
        return new Promise<never>(() => {}); // hangs: each attempt times out
      }),
    );
    await clock.runAll();
    // Attempts at 0 (times out at 1000), 1100 (times out at 2100) and 2300, which the deadline ends at 2500
    // (its own timeout would have been 3300).
    expect(attempts).toBe(3);
    expect(clock.now()).toBe(2500);
    expect((result.reason as Error).message).toBe('Deadline of 2500 ms exceeded: the operation was still running');
    expect(isTimeoutError(result.reason)).toBe(false);
  });

  it('RetryHandler.execute with a signal from a deadline obeys it too', async () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({ maxRetries: 3, baseDelayMs: 10_000, jitter: false, clock });
    const result = track(
      deadline(1000, { clock }).execute(({ signal }) =>
        handler.execute(() => Promise.reject(new Error('down')), { signal }),
      ),
    );
    await clock.runAll();
    expect((result.reason as Error).message).toBe(
      'Deadline of 1000 ms exceeded: after 1 attempt, the next retry would wait 10000 ms with 1000 ms left',
    );
  });

  it('an enclosing deadline that ends sooner wins over an inner one', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const inner = deadline(10_000, { clock });
    await deadline(3000, { clock }).execute(({ signal }) =>
      inner.execute(({ signal: s }) => void seen.push(deadlineOf(s)!.ms, deadlineOf(s)!.at), { signal }),
    );
    expect(seen).toEqual([3000, 3000]);
  });

  it('passes an outer abort on and rejects with its reason', async () => {
    const clock = new ManualClock();
    const outer = new AbortController();
    const result = track(
      deadline(5000, { clock }).execute(() => new Promise<never>(() => {}), { signal: outer.signal }),
    );
    outer.abort(new Error('user cancelled'));
    await clock.advance(0);
    expect((result.reason as Error).message).toBe('user cancelled');
    expect(clock.pendingSleeps).toBe(0);
  });
});
