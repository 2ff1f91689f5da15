import { describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { setDeadline } from '../wrappers/deadlineOf.ts';
import { RetryBudget } from './RetryBudget.ts';
import { RetryEngine, type FailureReader } from './RetryEngine.ts';
import type { RetryEvent } from './RetryEvent.ts';
import { RetryHandler } from './RetryHandler.ts';

/** Reads a failure as `{ retryable, askedMs }` says, counting the reads. */
const plain = {
  retryable: vi.fn((e: { retryable: boolean }) => e.retryable),
  askedMs: vi.fn((e: { askedMs: number }) => e.askedMs),
};
const failure = (askedMs = 0, retryable = true) => ({ retryable, askedMs });

describe('RetryEngine', () => {
  it('keeps each call’s decorrelated delay its own when calls on one handler interleave', async () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      jitter: 'decorrelated',
      clock,
      random: () => 0.5,
    });
    const delays: Array<[string, number]> = [];
    handler.subscribe((e: RetryEvent) => e.type === 'retry.scheduled' && delays.push([e.errorName, e.delayMs]));
    const failing = (name: string) => {
      let n = 0;
      return () => (++n <= 3 ? Promise.reject(Object.assign(new Error(), { name })) : 'ok');
    };
    const calls = [handler.execute(failing('A')), handler.execute(failing('B'))];
    await clock.runAll();
    expect(await Promise.all(calls)).toEqual(['ok', 'ok']);
    // 100 + 0.5 * (max(100, previous * 3) - 100), previous starting at the base: 200, 350, 575 for each call.
    expect(delays).toEqual([
      ['A', 200],
      ['B', 200],
      ['A', 350],
      ['B', 350],
      ['A', 575],
      ['B', 575],
    ]);
  });

  it('starts the wait in the same turn as a synchronous failure (sync stays sync)', () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({ baseDelayMs: 100, jitter: false, clock });
    void handler.execute(() => {
      throw new Error('ECONNRESET');
    });
    expect(clock.pendingSleeps).toBe(1);
  });

  it('a retry refused for the deadline spends nothing from the budget', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 1, ttlMs: 10_000, clock });
    const engine = new RetryEngine({ baseDelayMs: 1000, jitter: false, budget, clock });
    const signal = new AbortController().signal;
    setDeadline(signal, { ms: 500, at: clock.now() + 500, clock });
    const error = new Error('503');
    expect(engine.decide(error, 0, undefined, signal)).toBe('deadline');
    expect(budget.stats()).toEqual({ calls: 0, retries: 0, available: 10, refused: 0 });
    expect(engine.decide(error, 0)).toBe(1000);
    expect(budget.stats().retries).toBe(1);
    // The loop rejects with the deadline's error, its cause the attempt's.
    const steps = { succeeded: (v: unknown) => v };
    const ended = await engine.run(steps, () => 1, signal, 0, true, error).catch((e: unknown) => e);
    expect(ended).toBeInstanceOf(DeadlineExceededError);
    expect((ended as Error).message).toBe(
      'Deadline of 500 ms exceeded: after 1 attempt, the next retry would wait 1000 ms with 500 ms left',
    );
    expect((ended as Error).cause).toBe(error);
  });

  it('allows() checks retries left, retryability and the wait asked, drawing nothing and spending nothing', () => {
    const random = vi.fn(() => 0.5);
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 0 });
    const engine = new RetryEngine({ maxDelayMs: 5000, random, budget });
    const reader = plain as unknown as FailureReader<ReturnType<typeof failure>>;
    plain.askedMs.mockClear();
    expect(engine.allows(failure(5000), 0, reader, 3)).toBe(true);
    expect(engine.allows(failure(5001), 0, reader, 3)).toBe(false);
    expect(engine.allows(failure(0, false), 0, reader, 3)).toBe(false);
    expect(plain.askedMs).toHaveBeenCalledTimes(2); // not for the one that is not retryable
    expect(engine.allows(failure(), 3, reader, 3)).toBe(false);
    expect(engine.allows(failure(), Number.NaN, reader, 3)).toBe(false); // a hand-made context's bad count
    expect(random).not.toHaveBeenCalled();
    expect(budget.stats().refused).toBe(0);
  });

  it('runs a caller’s own failure step: a wait, a promised wait, or a value that ends the call', async () => {
    const clock = new ManualClock();
    const engine = new RetryEngine({ clock });
    const verdicts = [50, Promise.resolve(70), { value: 'fallback' }];
    const seen: Array<[number, number]> = [];
    const call = engine.run(
      { succeeded: (v: string) => v, failed: (_e, n) => (seen.push([n, clock.now()]), verdicts[n]!) },
      (n) => Promise.reject(new Error(`attempt ${n}`)),
      undefined,
      0,
      false,
    );
    await clock.runAll();
    expect(await call).toBe('fallback');
    expect(seen).toEqual([
      [0, 0],
      [1, 50],
      [2, 120],
    ]);
  });
});
