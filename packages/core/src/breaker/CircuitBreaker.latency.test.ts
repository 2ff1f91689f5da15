import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { SlowCallRate } from './SlowCallRate.ts';

const T0 = 1_700_000_000_000;

/** A call that takes `ms` of the manual clock. */
function takes(clock: ManualClock, ms: number, fail = false) {
  return async () => {
    await clock.sleep(ms);
    if (fail) throw new Error('boom');
    return 'ok';
  };
}

async function run(clock: ManualClock, breaker: CircuitBreaker, ms: number, fail = false): Promise<void> {
  const call = breaker.call(takes(clock, ms, fail)).catch(() => undefined);
  await clock.advance(ms);
  await call;
}

describe('CircuitBreaker: call latency', () => {
  it('measureLatency records every call, failures too, and stats() reports its percentiles', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'kraken', clock, measureLatency: true });
    for (const ms of [8, 8, 16, 32]) await run(clock, breaker, ms);
    await run(clock, breaker, 64, true);
    expect(breaker.stats().latency).toEqual({ count: 5, p50: 16, p95: 64, p99: 64, max: 64 });
  });

  it('an untimed breaker nobody listens to reads no clock for latency: its calls are not measured', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hot', clock });
    await breaker.call(async () => 'ok');
    const now = vi.spyOn(clock, 'now');
    await breaker.call(async () => 'ok');
    breaker.call(() => 'sync ok');
    expect(now).not.toHaveBeenCalled();
    expect(breaker.stats().latency.count).toBe(0);
  });

  it('calls are measured while a listener is subscribed (the devtools feed), and only then', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'watched', clock });
    const stop = breaker.subscribe(() => undefined);
    await run(clock, breaker, 4);
    stop();
    await run(clock, breaker, 1000);
    expect(breaker.stats().latency).toEqual({ count: 1, p50: 4, p95: 4, p99: 4, max: 4 });
  });

  it('a strategy that reads durations times calls already: they are measured without the option', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({
      name: 'slow',
      clock,
      strategies: [new SlowCallRate({ slowCallDurationMs: 1000 })],
    });
    await run(clock, breaker, 16);
    expect(breaker.stats().latency).toMatchObject({ count: 1, p50: 16 });
  });

  it('permits and outcomes recorded by hand are not measured: a permit spans what its holder does, not a call', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'permit', clock, measureLatency: true });
    const permit = breaker.tryAcquire()!;
    clock.set(T0 + 32);
    permit.success();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.stats()).toMatchObject({
      totalRequests: 3,
      latency: { count: 0, p50: null, p95: null, p99: null, max: null },
    });
  });

  it('refuses a measureLatency that is not a boolean, naming it', () => {
    expect(() => new CircuitBreaker({ name: 'x', measureLatency: 'yes' as unknown as boolean })).toThrow(
      'CircuitBreaker "x": measureLatency must be a boolean, got "yes"',
    );
  });
});
