import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { FailureRate } from './FailureRate.ts';

const T0 = 1_700_000_000_000;
const ok = async () => 'ok';
const boom = async () => {
  throw new Error('boom');
};

// The success path of an untimed breaker nobody listens to reads no clock and shares its promise handlers;
// these tests pin that it still keeps every rule.
describe('CircuitBreaker: the untimed async success path', () => {
  it('reads the clock once for a run of successes, stamps the last one within a turn of the event loop', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hot', clock });
    const now = vi.spyOn(clock, 'now');
    await breaker.call(ok);
    await breaker.call(ok);
    await breaker.call(ok);
    expect(now).toHaveBeenCalledTimes(1);
    expect(breaker.stats().lastSuccessTime).toBe(T0);

    await clock.advance(50);
    await breaker.call(ok); // a later success in the same run: stamped by the deferred refresh
    await clock.advance(10);
    expect(breaker.stats().lastSuccessTime).toBe(T0 + 50);
    expect(breaker.stats().successfulRequests).toBe(4);
  });

  it('stats() refreshes a stale stamp at once', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hot', clock });
    await breaker.call(ok);
    clock.set(T0 + 5);
    await breaker.call(ok);
    expect(breaker.stats().lastSuccessTime).toBe(T0 + 5);
  });

  it('a success that completes the minimum calls of a failure-rate window still opens the breaker', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({
      name: 'hot',
      clock,
      strategies: [new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } })],
    });
    await breaker.call(ok);
    await breaker.call(ok); // a run of successes: the shared fast handler
    await expect(breaker.call(boom)).rejects.toThrow('boom');
    await expect(breaker.call(boom)).rejects.toThrow('boom');
    expect(breaker.state).toBe('OPEN');

    const second = new CircuitBreaker({
      name: 'hot2',
      clock,
      strategies: [new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } })],
    });
    await expect(second.call(boom)).rejects.toThrow('boom');
    await expect(second.call(boom)).rejects.toThrow('boom');
    await second.call(ok);
    expect(second.state).toBe('CLOSED');
    await second.call(ok); // 2 of 4 failed = 50 %: this success trips it
    expect(second.state).toBe('OPEN');
    expect(second.stats().openedAt).toBe(T0);
  });

  it('a success that finishes after the breaker opened does not count toward the new period', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hot', clock, failureThreshold: 1, recoveryTimeoutMs: 1_000 });
    let release!: (v: string) => void;
    const slow = breaker.call(() => new Promise<string>((r) => (release = r)));
    await expect(breaker.call(boom)).rejects.toThrow('boom');
    expect(breaker.state).toBe('OPEN');
    release('late');
    await expect(slow).resolves.toBe('late');
    expect(breaker.state).toBe('OPEN');
    expect(breaker.stats()).toMatchObject({ successfulRequests: 1, failedRequests: 1 });
  });
});

describe('CircuitBreaker: outcomes recorded by hand', () => {
  it('an OPEN breaker whose timeout has passed takes an observed success as its trial and closes', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hand', clock, failureThreshold: 1, recoveryTimeoutMs: 1_000 });
    const seen: string[] = [];
    breaker.subscribe((e) => e.type === 'breaker.state' && seen.push(`${e.from}>${e.to}:${e.reason}`));
    breaker.recordFailure();
    breaker.recordSuccess(); // too early: counted, no transition
    expect(breaker.state).toBe('OPEN');
    clock.set(T0 + 1_000);
    breaker.recordSuccess();
    expect(seen).toEqual([
      'CLOSED>OPEN:failure-threshold',
      'OPEN>HALF_OPEN:recovery-timeout',
      'HALF_OPEN>CLOSED:half-open-success',
    ]);
  });

  it('a due OPEN breaker takes an observed failure as a failed trial and reopens', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hand', clock, failureThreshold: 1, recoveryTimeoutMs: 1_000 });
    breaker.recordFailure();
    clock.set(T0 + 1_500);
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
    expect(breaker.stats().openedAt).toBe(T0 + 1_500);
  });

  it('an isolated breaker stays open whatever is recorded', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'hand', clock, recoveryTimeoutMs: 0 });
    breaker.isolate();
    breaker.recordSuccess();
    expect(breaker.state).toBe('OPEN');
    expect(breaker.isolated).toBe(true);
  });
});

describe('CircuitBreaker.onStateChange', () => {
  it('hears transitions only, and watching them keeps calls untimed', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name: 'watched', clock, failureThreshold: 1 });
    const seen: string[] = [];
    const stop = breaker.onStateChange((e) => seen.push(`${e.from}>${e.to}`));
    await breaker.call(ok);
    const now = vi.spyOn(clock, 'now');
    await breaker.call(ok);
    await breaker.call(ok);
    expect(now).not.toHaveBeenCalled();
    await expect(breaker.call(boom)).rejects.toThrow('boom');
    breaker.reset();
    stop();
    breaker.isolate();
    expect(seen).toEqual(['CLOSED>OPEN', 'OPEN>CLOSED']);
  });

  it('the registry fans state changes of all its breakers in, including ones created later', async () => {
    const { BreakerRegistry } = await import('./BreakerRegistry.ts');
    const registry = new BreakerRegistry({ defaults: { failureThreshold: 1 } });
    const a = registry.get('a');
    const seen: string[] = [];
    registry.onStateChange((e) => seen.push(`${e.name}:${e.to}`));
    a.recordFailure();
    registry.get('b').isolate();
    registry.remove('a');
    a.reset(); // no longer listed: not heard
    expect(seen).toEqual(['a:OPEN', 'b:OPEN']);
  });
});
