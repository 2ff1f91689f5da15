import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from '../events/EventStream.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.ts';

const T0 = 1_700_000_000_000;

function setup(options: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({
    name: 'kraken',
    clock,
    failureThreshold: 2,
    recoveryTimeoutMs: 1_000,
    ...options,
  });
  const events: BreakerEvent[] = [];
  const stop = breaker.subscribe((e) => events.push(e));
  return { clock, breaker, events, stop };
}

const name = 'kraken';
const fail = (breaker: CircuitBreaker) =>
  expect(() =>
    breaker.call(() => {
      throw new Error('boom');
    }),
  ).toThrow('boom');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CircuitBreaker events: every transition, exactly one event', () => {
  it('CLOSED → OPEN (failure-threshold): each call, then the transition', () => {
    const { clock, breaker, events } = setup();
    fail(breaker);
    clock.set(T0 + 7);
    fail(breaker);
    expect(events).toEqual([
      { type: 'breaker.call', name, outcome: 'failure', durationMs: 0, at: T0 },
      { type: 'breaker.call', name, outcome: 'failure', durationMs: 0, at: T0 + 7 },
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0 + 7, reason: 'failure-threshold' },
    ]);
  });

  it('OPEN refusals are breaker.rejected events with the wait left', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    fail(breaker);
    events.length = 0;
    clock.set(T0 + 400);
    expect(() => breaker.call(() => 1)).toThrow('Circuit breaker kraken is OPEN');
    expect(events).toEqual([{ type: 'breaker.rejected', name, state: 'OPEN', retryAfterMs: 600, at: T0 + 400 }]);
  });

  it('OPEN → HALF_OPEN (recovery-timeout) → CLOSED (half-open-success)', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    fail(breaker);
    events.length = 0;
    clock.set(T0 + 1_000);
    expect(
      breaker.call(() => {
        clock.set(T0 + 1_030);
        return 'ok';
      }),
    ).toBe('ok');
    expect(events).toEqual([
      { type: 'breaker.state', name, from: 'OPEN', to: 'HALF_OPEN', at: T0 + 1_000, reason: 'recovery-timeout' },
      { type: 'breaker.call', name, outcome: 'success', durationMs: 30, at: T0 + 1_030 },
      { type: 'breaker.state', name, from: 'HALF_OPEN', to: 'CLOSED', at: T0 + 1_030, reason: 'half-open-success' },
    ]);
  });

  it('HALF_OPEN → OPEN (half-open-failure)', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    fail(breaker);
    clock.set(T0 + 1_000);
    events.length = 0;
    fail(breaker);
    expect(events).toEqual([
      { type: 'breaker.state', name, from: 'OPEN', to: 'HALF_OPEN', at: T0 + 1_000, reason: 'recovery-timeout' },
      { type: 'breaker.call', name, outcome: 'failure', durationMs: 0, at: T0 + 1_000 },
      { type: 'breaker.state', name, from: 'HALF_OPEN', to: 'OPEN', at: T0 + 1_000, reason: 'half-open-failure' },
    ]);
  });

  it('HALF_OPEN refusals (all trial slots taken) report state HALF_OPEN and a wait of 0', async () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    fail(breaker);
    clock.set(T0 + 1_000);
    let release!: () => void;
    const running = breaker.call(() => new Promise<void>((resolve) => (release = resolve)));
    events.length = 0;
    clock.set(T0 + 1_001);
    await expect(breaker.call(async () => 1)).rejects.toMatchObject({ retryAfterMs: 0 });
    expect(events).toEqual([{ type: 'breaker.rejected', name, state: 'HALF_OPEN', retryAfterMs: 0, at: T0 + 1_001 }]);
    release();
    await running;
  });

  it('CLOSED → OPEN (isolate), OPEN → CLOSED (reset)', () => {
    const { clock, breaker, events } = setup();
    breaker.isolate();
    breaker.isolate(); // already isolated: no transition, no event
    clock.set(T0 + 5);
    breaker.reset();
    breaker.reset(); // already CLOSED: no event
    expect(events).toEqual([
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0, reason: 'isolate' },
      { type: 'breaker.state', name, from: 'OPEN', to: 'CLOSED', at: T0 + 5, reason: 'reset' },
    ]);
  });

  // Issue #11 changed this: it was an OPEN → OPEN transition event, which the panel's timeline drew as one.
  it('isolating a tripped OPEN breaker is no transition (the state stays OPEN): no event; it is held open', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1, recoveryTimeoutMs: 1000 });
    fail(breaker);
    clock.set(T0 + 300);
    breaker.isolate();
    expect(events.filter((e) => e.type === 'breaker.state')).toEqual([
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0, reason: 'failure-threshold' },
    ]);
    expect([breaker.state, breaker.isolated, breaker.retryAfterMs, breaker.stats().openedAt]).toEqual([
      'OPEN',
      true,
      undefined,
      T0 + 300,
    ]);
    clock.set(T0 + 5_000);
    expect(breaker.tryAcquire()).toBe(undefined); // past the recovery timeout, still no trial: held open
    expect(events.filter((e) => e.type === 'breaker.state')).toHaveLength(1);
  });

  it('HALF_OPEN → OPEN (isolate) and HALF_OPEN → CLOSED (reset)', async () => {
    const { clock, breaker, events } = setup({ failureThreshold: 1 });
    fail(breaker);
    clock.set(T0 + 1_000);
    let release!: () => void;
    const first = breaker.call(() => new Promise<void>((resolve) => (release = resolve)));
    breaker.isolate();
    release();
    await first;
    breaker.reset();
    clock.set(T0 + 2_000);
    fail(breaker); // CLOSED again: trips afresh
    clock.set(T0 + 3_000);
    const second = breaker.call(() => new Promise<void>((resolve) => (release = resolve)));
    breaker.reset();
    release();
    await second;
    expect(events.filter((e) => e.type === 'breaker.state')).toEqual([
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0, reason: 'failure-threshold' },
      { type: 'breaker.state', name, from: 'OPEN', to: 'HALF_OPEN', at: T0 + 1_000, reason: 'recovery-timeout' },
      { type: 'breaker.state', name, from: 'HALF_OPEN', to: 'OPEN', at: T0 + 1_000, reason: 'isolate' },
      { type: 'breaker.state', name, from: 'OPEN', to: 'CLOSED', at: T0 + 1_000, reason: 'reset' },
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0 + 2_000, reason: 'failure-threshold' },
      { type: 'breaker.state', name, from: 'OPEN', to: 'HALF_OPEN', at: T0 + 3_000, reason: 'recovery-timeout' },
      { type: 'breaker.state', name, from: 'HALF_OPEN', to: 'CLOSED', at: T0 + 3_000, reason: 'reset' },
    ]);
  });

  it('refusals while isolated carry retryAfterMs undefined', () => {
    const { breaker, events } = setup();
    breaker.isolate();
    events.length = 0;
    expect(() => breaker.call(() => 1)).toThrow('Circuit breaker kraken is OPEN');
    expect(events).toEqual([{ type: 'breaker.rejected', name, state: 'OPEN', retryAfterMs: undefined, at: T0 }]);
  });
});

describe('CircuitBreaker events: calls', () => {
  it('reports success, failure and ignored outcomes with durations by the clock', async () => {
    const { clock, breaker, events } = setup({ failureThreshold: 5 });
    breaker.call(() => {
      clock.set(T0 + 12);
    });
    const slow = breaker.call(async () => {
      await clock.sleep(250);
      throw new Error('late failure');
    });
    await clock.advance(250);
    await expect(slow).rejects.toThrow('late failure');
    expect(() =>
      breaker.call(() => {
        throw new DOMException('stop', 'AbortError');
      }),
    ).toThrow('stop');
    expect(events).toEqual([
      { type: 'breaker.call', name, outcome: 'success', durationMs: 12, at: T0 + 12 },
      { type: 'breaker.call', name, outcome: 'failure', durationMs: 250, at: T0 + 262 },
      { type: 'breaker.call', name, outcome: 'ignored', durationMs: 0, at: T0 + 262 },
    ]);
  });

  it('outcomes recorded by hand are calls of no duration', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 5 });
    clock.set(T0 + 3);
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(events).toEqual([
      { type: 'breaker.call', name, outcome: 'success', durationMs: 0, at: T0 + 3 },
      { type: 'breaker.call', name, outcome: 'failure', durationMs: 0, at: T0 + 3 },
    ]);
  });

  it('a permit’s call lasts from tryAcquire to its report; release() is an ignored outcome', () => {
    const { clock, breaker, events } = setup({ failureThreshold: 5 });
    const a = breaker.tryAcquire()!;
    clock.set(T0 + 40);
    a.success();
    const b = breaker.tryAcquire()!;
    clock.set(T0 + 45);
    b.release();
    expect(events).toEqual([
      { type: 'breaker.call', name, outcome: 'success', durationMs: 40, at: T0 + 40 },
      { type: 'breaker.call', name, outcome: 'ignored', durationMs: 5, at: T0 + 45 },
    ]);
  });

  it('a call that started untimed before anyone subscribed reports no made-up duration; the next one does', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name, clock });
    const events: BreakerEvent[] = [];
    breaker.call(() => {
      clock.set(T0 + 20);
      breaker.subscribe((e) => events.push(e));
    });
    expect(events).toEqual([]);
    breaker.call(() => clock.set(T0 + 25));
    expect(events).toEqual([{ type: 'breaker.call', name, outcome: 'success', durationMs: 5, at: T0 + 25 }]);
  });
});

describe('CircuitBreaker events: subscription', () => {
  it('builds no event at all while nobody subscribes', () => {
    const emit = vi.spyOn(EventStream.prototype, 'emit');
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name, clock, failureThreshold: 1, recoveryTimeoutMs: 0 });
    breaker.call(() => 1);
    expect(() =>
      breaker.call(() => {
        throw new Error('x');
      }),
    ).toThrow('x');
    breaker.isolate();
    expect(() => breaker.call(() => 1)).toThrow('Circuit breaker kraken is OPEN');
    breaker.reset();
    expect(emit).not.toHaveBeenCalled();

    const stop = breaker.subscribe(() => {});
    breaker.call(() => 1);
    expect(emit).toHaveBeenCalledTimes(1);
    stop();
    breaker.call(() => 1);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('stops delivering after unsubscribe (twice is harmless); other subscribers go on', () => {
    const { breaker, events, stop } = setup();
    const other: BreakerEvent[] = [];
    breaker.subscribe((e) => other.push(e));
    breaker.recordSuccess();
    stop();
    stop();
    breaker.recordSuccess();
    expect(events).toHaveLength(1);
    expect(other).toHaveLength(2);
  });

  it('a throwing listener breaks neither call, transition nor other listeners; its error is reported async', () => {
    const queued: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((cb) => void queued.push(cb));
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name, clock, failureThreshold: 1 });
    const listenerBug = new Error('listener bug');
    breaker.subscribe((e) => {
      if (e.type === 'breaker.state') throw listenerBug;
    });
    const seen: string[] = [];
    breaker.subscribe((e) => seen.push(e.type === 'breaker.state' ? `${e.from}→${e.to}` : `${e.type}`));

    const callerError = new Error('exchange down');
    let caught: unknown;
    try {
      breaker.call(() => {
        throw callerError;
      });
    } catch (error) {
      caught = error;
    }
    breaker.reset();
    vi.restoreAllMocks();

    expect(caught).toBe(callerError);
    expect(breaker.state).toBe('CLOSED');
    expect(seen).toEqual(['breaker.call', 'CLOSED→OPEN', 'OPEN→CLOSED']);
    expect(queued).toHaveLength(2);
    for (const report of queued) expect(report).toThrow(listenerBug);
  });

  it('the throwing listener’s error really surfaces as an uncaught exception', async () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name, clock, failureThreshold: 1 });
    const listenerBug = new Error('listener bug, uncaught');
    breaker.subscribe(() => {
      throw listenerBug;
    });
    // Node reports errors thrown from microtasks as uncaught exceptions; catch ours before the runner does.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    const previous = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      expect(breaker.call(() => 'fine')).toBe('fine');
      await Promise.resolve();
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of previous) process.on('uncaughtException', listener);
    }
    expect(uncaught).toEqual([listenerBug]);
  });
});

describe('onRejected: refusals only', () => {
  it('delivers each refused call, from the breaker and via the registry, and nothing for admitted calls', async () => {
    const { BreakerRegistry } = await import('./BreakerRegistry.ts');
    const { ManualClock } = await import('../time/ManualClock.ts');
    const clock = new ManualClock(1000);
    const registry = new BreakerRegistry({ clock });
    const breaker = registry.get('kraken', { failureThreshold: 1, recoveryTimeoutMs: 500 });
    const own: unknown[] = [];
    const all: unknown[] = [];
    breaker.onRejected((e) => own.push(e));
    const stop = registry.onRejected((e) => all.push(e));
    breaker.call(() => 'ok');
    expect(() =>
      breaker.call(() => {
        throw new Error('down');
      }),
    ).toThrow('down');
    expect(() => breaker.call(() => 'refused')).toThrow('Circuit breaker kraken is OPEN');
    const rejected = { type: 'breaker.rejected', name: 'kraken', state: 'OPEN', retryAfterMs: 500, at: 1000 };
    expect(own).toEqual([rejected]);
    expect(all).toEqual([rejected]);
    stop();
    expect(() => breaker.call(() => 'refused')).toThrow('Circuit breaker kraken is OPEN');
    expect(all).toHaveLength(1);
    expect(own).toHaveLength(2);
  });
});
