import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerCoordinator } from './BreakerCoordinator.ts';
import type { BreakerStateEvent } from './BreakerEvent.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.ts';

// The two hooks a fleet (sharedBreakers in @breakwater/redis) uses: applyRemoteState drives the one transition
// function with `source: 'remote'`; a coordinator hears failures and decides who may try a trial.
const T0 = 1_700_000_000_000;

function setup(options: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({
    name: 'kraken',
    clock,
    failureThreshold: 2,
    recoveryTimeoutMs: 1000,
    ...options,
  });
  const events: BreakerStateEvent[] = [];
  breaker.onStateChange((e) => events.push(e));
  return { clock, breaker, events };
}

function coordinator(answer: () => boolean) {
  const calls: string[] = [];
  const c: BreakerCoordinator = {
    failed: (at) => calls.push(`failed@${at - T0}`),
    trialWanted: () => {
      calls.push('trialWanted');
      return answer();
    },
  };
  return { c, calls };
}

const ok = () => 'ok';
const boom = () => {
  throw new Error('boom');
};

describe('CircuitBreaker.applyRemoteState', () => {
  it('moves the state through the one transition function, with one event marked remote', () => {
    const { clock, breaker, events } = setup();
    clock.set(T0 + 50);
    expect(breaker.applyRemoteState({ state: 'OPEN', reason: 'failure-threshold', openedAt: T0 + 20 })).toBe(true);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.stats().openedAt).toBe(T0 + 20);
    expect(breaker.retryAfterMs).toBe(970);
    expect(() => breaker.call(ok)).toThrow('Circuit breaker kraken is OPEN');
    expect(breaker.applyRemoteState({ state: 'CLOSED', reason: 'half-open-success' })).toBe(true);
    expect(breaker.call(ok)).toBe('ok');
    expect(events).toEqual([
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'CLOSED',
        to: 'OPEN',
        at: T0 + 50,
        reason: 'failure-threshold',
        source: 'remote',
      },
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'OPEN',
        to: 'CLOSED',
        at: T0 + 50,
        reason: 'half-open-success',
        source: 'remote',
      },
    ]);
  });

  it('does nothing for the state it is already in, and local transitions carry no source', () => {
    const { breaker, events } = setup();
    expect(breaker.applyRemoteState({ state: 'CLOSED', reason: 'reset' })).toBe(false);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.applyRemoteState({ state: 'OPEN', reason: 'failure-threshold', openedAt: T0 })).toBe(false);
    expect(breaker.applyRemoteState({ state: 'OPEN', reason: 'isolate', openedAt: T0, isolated: true })).toBe(true);
    expect(breaker.isolated).toBe(true);
    expect(events.map((e) => `${e.from}→${e.to} ${e.reason} ${e.source ?? 'local'}`)).toEqual([
      'CLOSED→OPEN failure-threshold local',
      'OPEN→OPEN isolate remote',
    ]);
  });

  it('clears the failure count when told CLOSED', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.applyRemoteState({ state: 'OPEN', reason: 'failure-threshold' });
    breaker.applyRemoteState({ state: 'CLOSED', reason: 'half-open-success' });
    expect(breaker.failureCount).toBe(0);
  });

  it('HALF_OPEN admits only the trial slots this process holds; a later grant adds slots without an event', () => {
    const { breaker, events } = setup({ halfOpenMaxCalls: 3 });
    breaker.applyRemoteState({ state: 'HALF_OPEN', reason: 'recovery-timeout', openedAt: T0, trials: 1 });
    const first = breaker.tryAcquire();
    expect(first).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.applyRemoteState({ state: 'HALF_OPEN', reason: 'recovery-timeout', trials: 2 })).toBe(false);
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.stats().rejectedRequests).toBe(2);
    expect(events.map((e) => e.to)).toEqual(['HALF_OPEN']);
  });

  it('rejects a state that is not one, naming it', () => {
    const { breaker } = setup();
    expect(() => breaker.applyRemoteState({ state: 'AJAR' as never, reason: 'reset' })).toThrow(
      'CircuitBreaker "kraken": applyRemoteState: state must be "CLOSED", "OPEN" or "HALF_OPEN", got "AJAR"',
    );
    expect(() => breaker.applyRemoteState({ state: 'HALF_OPEN', reason: 'reset', trials: -1 })).toThrow(
      'CircuitBreaker "kraken": applyRemoteState: trials must be an integer >= 0, got -1',
    );
  });
});

describe('CircuitBreaker.coordinate', () => {
  it('hears every counted failure of a CLOSED period, never a success or an ignored error', () => {
    const { clock, breaker } = setup({ failureThreshold: 3, isFailure: (e) => (e as Error).message !== 'ignored' });
    const { c, calls } = coordinator(() => true);
    breaker.coordinate(c);
    expect(breaker.call(ok)).toBe('ok');
    clock.set(T0 + 5);
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() =>
      breaker.call(() => {
        throw new Error('ignored');
      }),
    ).toThrow('ignored');
    clock.set(T0 + 10);
    breaker.recordFailure();
    expect(calls).toEqual(['failed@5', 'failed@10']);
  });

  it('decides whether a due OPEN breaker tries: false refuses the call and stays OPEN', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    let allow = false;
    const { c, calls } = coordinator(() => allow);
    breaker.coordinate(c);
    expect(() => breaker.call(boom)).toThrow('boom');
    clock.set(T0 + 999);
    expect(() => breaker.call(ok)).toThrow('is OPEN');
    expect(calls).toEqual(['failed@0']); // not due yet: not asked
    clock.set(T0 + 1000);
    expect(() => breaker.call(ok)).toThrow('is OPEN');
    expect(breaker.state).toBe('OPEN');
    allow = true;
    expect(breaker.call(ok)).toBe('ok');
    expect(calls).toEqual(['failed@0', 'trialWanted', 'trialWanted']);
    expect(events.map((e) => `${e.to} ${e.reason}`)).toEqual([
      'OPEN failure-threshold',
      'HALF_OPEN recovery-timeout',
      'CLOSED half-open-success',
    ]);
  });

  it('asks when HALF_OPEN has no free slot here; true (Redis away) gives the full local allowance', () => {
    const { breaker } = setup({ halfOpenMaxCalls: 2 });
    let allow = false;
    const { c, calls } = coordinator(() => allow);
    breaker.coordinate(c);
    breaker.applyRemoteState({ state: 'HALF_OPEN', reason: 'recovery-timeout', trials: 0 });
    expect(breaker.tryAcquire()).toBeUndefined();
    allow = true;
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(calls).toEqual(['trialWanted', 'trialWanted', 'trialWanted']);
  });

  it('asks before an outcome recorded by hand takes a due OPEN breaker to HALF_OPEN', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    let allow = false;
    const { c, calls } = coordinator(() => allow);
    breaker.coordinate(c);
    breaker.recordFailure();
    clock.set(T0 + 1000);
    breaker.recordSuccess(); // refused: counted, but the breaker stays OPEN
    expect(breaker.state).toBe('OPEN');
    allow = true;
    breaker.recordSuccess();
    expect(calls).toEqual(['failed@0', 'trialWanted', 'trialWanted']);
    expect(events.map((e) => `${e.to} ${e.reason}`)).toEqual([
      'OPEN failure-threshold',
      'HALF_OPEN recovery-timeout',
      'CLOSED half-open-success',
    ]);
  });

  it('takes one coordinator at a time; detaching restores the local rules', () => {
    const { clock, breaker } = setup({ failureThreshold: 1 });
    const { c } = coordinator(() => false);
    const detach = breaker.coordinate(c);
    expect(() => breaker.coordinate(coordinator(() => true).c)).toThrow(
      'Circuit breaker "kraken" is already coordinated',
    );
    expect(() => breaker.coordinate({} as never)).toThrow(
      'CircuitBreaker "kraken": coordinate() needs an object with failed() and trialWanted()',
    );
    breaker.recordFailure();
    clock.set(T0 + 1000);
    expect(breaker.tryAcquire()).toBeUndefined();
    detach();
    expect(breaker.tryAcquire()).toBeDefined();
    expect(breaker.state).toBe('HALF_OPEN');
  });
});
