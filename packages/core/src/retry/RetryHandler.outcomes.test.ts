import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { compose } from '../wrappers/compose.ts';
import { retrying } from '../wrappers/retrying.ts';
import { withCircuitBreaker } from '../wrappers/withCircuitBreaker.ts';
import { RetryHandler } from './RetryHandler.ts';

const down = () => new Error('503 Service Unavailable');

/** fails the first `n` times it is called, then answers 'ok'. */
function flaky(n: number) {
  let calls = 0;
  return () => (++calls <= n ? Promise.reject(down()) : Promise.resolve('ok'));
}

describe('RetryHandler.outcomes (resilience4j retry_calls)', () => {
  it('counts each finished call once, by outcome; first-attempt successes only once tracked', async () => {
    const clock = new ManualClock();
    const retry = new RetryHandler({ maxRetries: 2, baseDelayMs: 10, jitter: false, clock });
    await retry.execute(() => 'untracked');
    retry.trackOutcomes();
    await retry.execute(() => 'sync ok');
    await retry.execute(() => Promise.resolve('async ok'));
    const withRetry = retry.execute(flaky(1));
    const exhausted = retry.execute(flaky(5)).catch(() => 'failed');
    const final = retry
      .execute(() => Promise.reject(Object.assign(down(), { retryable: false })))
      .catch(() => 'failed');
    await clock.runAll();
    expect([await withRetry, await exhausted, await final]).toEqual(['ok', 'failed', 'failed']);
    expect(retry.outcomes()).toEqual({
      successfulWithoutRetry: 2,
      successfulWithRetry: 1,
      failedWithoutRetry: 1,
      failedWithRetry: 1,
    });
  });

  it('counts through compose(retrying(), withCircuitBreaker()) — the fused path — the same way', async () => {
    const clock = new ManualClock();
    const registry = new BreakerRegistry({ clock });
    const policy = retrying({ maxRetries: 2, baseDelayMs: 10, jitter: false, clock });
    const composed = compose(policy, withCircuitBreaker('kraken', { registry, failureThreshold: 100 }));
    policy.handler.trackOutcomes();
    const results = [
      composed.execute(() => 'ok'),
      composed.execute(() => Promise.resolve('ok')),
      composed.execute(flaky(2)),
      composed.execute(flaky(9)).catch(() => 'failed'),
      composed
        .execute(() => {
          throw Object.assign(down(), { retryable: false });
        })
        .catch(() => 'failed'),
    ];
    await clock.runAll();
    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'ok', 'failed', 'failed']);
    expect(policy.handler.outcomes()).toEqual({
      successfulWithoutRetry: 2,
      successfulWithRetry: 1,
      failedWithoutRetry: 1,
      failedWithRetry: 1,
    });
  });
});
