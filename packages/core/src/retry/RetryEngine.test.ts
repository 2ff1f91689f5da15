import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { setDeadline } from '../wrappers/deadlineOf.ts';
import { RetryBudget } from './RetryBudget.ts';
import type { RetryEvent } from './RetryEvent.ts';
import { RetryHandler } from './RetryHandler.ts';

/** The engine is internal: these reach it through RetryHandler, its public face. */
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

  it('a retry refused for the deadline spends nothing from the budget; one made spends one', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 1, ttlMs: 10_000, clock });
    const handler = new RetryHandler({ baseDelayMs: 1000, jitter: false, budget, clock });
    const signal = new AbortController().signal;
    setDeadline(signal, { ms: 500, at: clock.now() + 500, clock });
    const error = new Error('503');
    const ended = await handler
      .execute(() => Promise.reject(error), { signal })
      .catch((e: unknown) => e as DeadlineExceededError);
    expect(ended).toBeInstanceOf(DeadlineExceededError);
    expect(ended.message).toBe(
      'Deadline of 500 ms exceeded: after 1 attempt, the next retry would wait 1000 ms with 500 ms left',
    );
    expect(ended.cause).toBe(error);
    expect(budget.stats()).toEqual({ calls: 1, retries: 0, available: 10, refused: 0 });
    const retried = handler.execute(() => Promise.reject(error));
    await flush();
    expect(budget.stats()).toEqual({ calls: 2, retries: 1, available: 9, refused: 0 });
    await clock.runAll();
    await expect(retried).rejects.toBe(error);
  });
});

/** Lets a few rounds of promise reactions run, without moving any clock. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
