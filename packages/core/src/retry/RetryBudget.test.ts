import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { RetryBudget } from './RetryBudget.ts';
import { RetryHandler } from './RetryHandler.ts';
import type { RetryEvent } from './RetryEvent.ts';
import { compose } from '../wrappers/compose.ts';
import { retrying } from '../wrappers/retrying.ts';
import { withCircuitBreaker } from '../wrappers/withCircuitBreaker.ts';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';

const failing = () => Promise.reject(new Error('503 maintenance'));

describe('RetryBudget', () => {
  it.each([
    [{ ratio: -0.1 }, 'RetryBudget: ratio must be a number in [0, 1], got -0.1'],
    [{ ratio: 1.5 }, 'RetryBudget: ratio must be a number in [0, 1], got 1.5'],
    [{ ratio: Number.NaN }, 'RetryBudget: ratio must be a number in [0, 1], got NaN'],
    [{ minRetriesPerSecond: -1 }, 'RetryBudget: minRetriesPerSecond must be a finite number >= 0, got -1'],
    [
      { minRetriesPerSecond: Number.POSITIVE_INFINITY },
      'RetryBudget: minRetriesPerSecond must be a finite number >= 0, got Infinity',
    ],
    [{ ttlMs: 0 }, 'RetryBudget: ttlMs must be a finite number > 0, got 0'],
    // eslint-disable-next-line no-loss-of-precision -- 1e400 is Infinity, on purpose
    [{ ttlMs: 1e400 }, 'RetryBudget: ttlMs must be a finite number > 0, got Infinity'],
  ])('refuses %o', (options, message) => {
    expect(() => new RetryBudget(options)).toThrow(new RangeError(message));
  });

  it('allows ratio × calls plus the minimum, and refuses the rest', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0.5, ttlMs: 10_000, clock }); // reserve 5
    for (let i = 0; i < 100; i++) budget.recordCall();
    const allowed = Array.from({ length: 20 }, () => budget.tryRetry()).filter(Boolean).length;
    expect(allowed).toBe(15);
    expect(budget.stats()).toEqual({ calls: 100, retries: 15, available: 0, refused: 5 });
  });

  it('forgets calls and retries older than ttlMs, a tenth of the window at a time', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0.5, minRetriesPerSecond: 0, ttlMs: 1000, clock });
    for (let i = 0; i < 10; i++) budget.recordCall(); // t = 0
    expect(Array.from({ length: 6 }, () => budget.tryRetry())).toEqual([true, true, true, true, true, false]);
    await clock.advance(500);
    for (let i = 0; i < 4; i++) budget.recordCall(); // t = 500
    expect(budget.stats()).toEqual({ calls: 14, retries: 5, available: 2, refused: 1 });
    await clock.advance(500); // t = 1000: the first bucket (t = 0) has left the window
    expect(budget.stats()).toEqual({ calls: 4, retries: 0, available: 2, refused: 1 });
    await clock.advance(10_000); // everything has left it
    expect(budget.stats()).toEqual({ calls: 0, retries: 0, available: 0, refused: 1 });
  });

  it('keeps its counts when the clock steps back', () => {
    let now = 5000;
    const clock = { now: () => now, sleep: () => Promise.resolve() };
    const budget = new RetryBudget({ ratio: 1, minRetriesPerSecond: 0, ttlMs: 1000, clock });
    budget.recordCall();
    now = 4000;
    budget.recordCall();
    expect(budget.stats()).toEqual({ calls: 2, retries: 0, available: 2, refused: 0 });
  });
});

describe('a retry budget under a 100 % failure outage', () => {
  // The measure: attempts ≤ (1 + ratio) × calls (+ the per-second minimum), where per-call limits
  // alone make 1 + maxRetries attempts per call.
  it('keeps 1000 failing calls with 3 retries each to 1000 × 1.2 + 10 attempts, not 4000', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0.2, minRetriesPerSecond: 1, ttlMs: 10_000, clock }); // reserve 10
    const retry = new RetryHandler({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1, jitter: false, budget, clock });
    const reasons = new Map<string, number>();
    retry.subscribe((e: RetryEvent) => {
      if (e.type === 'retry.gave-up') reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    });
    let attempts = 0;
    const calls = Array.from({ length: 1000 }, () =>
      retry.execute(() => (attempts++, failing())).catch((e: Error) => e.message),
    );
    await clock.runAll();
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['503 maintenance']));
    expect(attempts).toBe(1210);
    // 210 first retries were allowed; the other 790 calls and then those 210 found the budget spent.
    expect(budget.stats()).toEqual({ calls: 1000, retries: 210, available: 0, refused: 1000 });
    expect(Object.fromEntries(reasons)).toEqual({ 'budget-exhausted': 1000 });
  });

  it('counts calls and retries through compose(retrying(), withCircuitBreaker()) (the fused path)', async () => {
    const clock = new ManualClock();
    const registry = new BreakerRegistry({ clock });
    const budget = registry.retryBudget('kraken', { ratio: 0.5, minRetriesPerSecond: 0 });
    const policy = compose(
      retrying({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1, jitter: false, budget, clock }),
      withCircuitBreaker('kraken', { failureThreshold: 1000, registry }),
    );
    let attempts = 0;
    const calls = Array.from({ length: 100 }, () =>
      policy.execute(() => (attempts++, failing())).catch(() => 'failed'),
    );
    await clock.runAll();
    await Promise.all(calls);
    expect(attempts).toBe(150);
    expect(budget.stats()).toMatchObject({ calls: 100, retries: 50 });
  });
});

describe('registry.retryBudget', () => {
  it('returns one budget per name, on the registry clock, and refuses contradicting options', async () => {
    const clock = new ManualClock();
    const registry = new BreakerRegistry({ clock });
    const budget = registry.retryBudget('kraken', { ratio: 0.3 });
    expect(registry.retryBudget('kraken')).toBe(budget);
    expect(registry.retryBudget('kraken', { ratio: 0.3 })).toBe(budget);
    expect(registry.retryBudget('binance')).not.toBe(budget);
    expect(() => registry.retryBudget('kraken', { ratio: 0.5 })).toThrow(
      new Error('Retry budget "kraken" already exists with ratio 0.3; asked for 0.5'),
    );
    budget.recordCall();
    await clock.advance(10_000);
    expect(budget.stats().calls).toBe(0); // it read the registry's manual clock
  });

  it('RetryHandler refuses a budget that is not a RetryBudget', () => {
    expect(() => new RetryHandler({ budget: { tryRetry: () => true } as never })).toThrow(
      new RangeError('RetryHandler: budget must be a RetryBudget, got object'),
    );
  });

  it('RetryHandler takes a budget made by a subclass, and refuses a copy of one', () => {
    class TracedBudget extends RetryBudget {}
    const budget = new TracedBudget({ ratio: 0.5 });
    expect(new RetryHandler({ budget }).budget).toBe(budget);
    expect(() => new RetryHandler({ budget: { ...budget } as never })).toThrow(
      new RangeError('RetryHandler: budget must be a RetryBudget, got object'),
    );
  });
});
