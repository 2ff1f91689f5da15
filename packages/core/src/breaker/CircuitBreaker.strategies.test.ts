import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import type { BreakerStrategy, CallOutcome } from './BreakerStrategy.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { FailureRate } from './FailureRate.ts';
import { SlowCallRate } from './SlowCallRate.ts';

const T0 = 1_700_000_000_000;
const name = 'kraken';

function setup(strategies: BreakerStrategy[], recoveryTimeoutMs = 1_000) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({ name, clock, strategies, recoveryTimeoutMs });
  const transitions: BreakerEvent[] = [];
  breaker.subscribe((e) => {
    if (e.type === 'breaker.state') transitions.push(e);
  });
  return { clock, breaker, transitions };
}

/** Runs calls described by a string: 'S' succeeds, 'F' fails (sync), each taking `ms` by the clock. */
function run(clock: ManualClock, breaker: CircuitBreaker, pattern: string, ms = 0): void {
  for (const c of pattern) {
    const call = () => {
      clock.set(clock.now() + ms);
      if (c === 'F') throw new Error('down');
      return c;
    };
    if (c === 'F') expect(() => breaker.call(call)).toThrow('down');
    else expect(breaker.call(call)).toBe(c);
  }
}

describe('CircuitBreaker with FailureRate', () => {
  it('opens on the failure rate over a count window, with reason failure-rate', () => {
    const { clock, breaker, transitions } = setup([
      new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } }),
    ]);
    run(clock, breaker, 'FSF');
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 2]);
    clock.set(T0 + 9);
    run(clock, breaker, 'S'); // 2 of 4: a success is what trips it
    expect(breaker.state).toBe('OPEN');
    expect(transitions).toEqual([
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0 + 9, reason: 'failure-rate' },
    ]);
  });

  it('makes no decision below the minimum number of calls', () => {
    const { clock, breaker } = setup([new FailureRate({ minimumCalls: 5, window: { type: 'count', size: 10 } })]);
    run(clock, breaker, 'FFFF');
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 4]);
    run(clock, breaker, 'F');
    expect(breaker.state).toBe('OPEN');
  });

  it('over a time window, failures older than the window no longer count', () => {
    const { clock, breaker } = setup([
      new FailureRate({
        failureRateThreshold: 50,
        minimumCalls: 3,
        window: { type: 'time', durationMs: 10_000, buckets: 10 },
      }),
    ]);
    run(clock, breaker, 'FF');
    clock.set(T0 + 10_000); // both failures expire now
    run(clock, breaker, 'SF');
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 1]); // 1 of 2 in the window, below 3 calls
    clock.set(T0 + 11_000);
    run(clock, breaker, 'F'); // 2 of 3
    expect(breaker.state).toBe('OPEN');
  });

  it('failureCount, stats() and snapshot() read a time window at now, not at the last call', () => {
    const { clock, breaker } = setup([
      new FailureRate({
        failureRateThreshold: 50,
        minimumCalls: 10,
        window: { type: 'time', durationMs: 10_000, buckets: 10 },
      }),
    ]);
    run(clock, breaker, 'FFF');
    expect(breaker.failureCount).toBe(3);
    clock.set(T0 + 5_000);
    expect(breaker.failureCount).toBe(3);
    clock.set(T0 + 10_000); // the window has passed: nothing is held against the breaker any more
    expect(breaker.failureCount).toBe(0);
    expect(breaker.stats().failureCount).toBe(0);
    expect(breaker.snapshot().failureCount).toBe(0);
    expect(breaker.stats().failedRequests).toBe(3);
  });

  it('starts from an empty window after closing again', () => {
    const { clock, breaker } = setup([
      new FailureRate({ failureRateThreshold: 50, minimumCalls: 3, window: { type: 'count', size: 10 } }),
    ]);
    run(clock, breaker, 'FFF');
    expect(breaker.state).toBe('OPEN');
    clock.set(T0 + 1_000);
    run(clock, breaker, 'S'); // trial closes it
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 0]);
    run(clock, breaker, 'SS'); // with the old failures still held this would be 3 of 5 and open it
    expect([breaker.state, breaker.failureCount]).toEqual(['CLOSED', 0]);
    run(clock, breaker, 'FF'); // 2 of 4
    expect(breaker.state).toBe('OPEN');
  });

  it('reports failureThreshold but does not use it when strategies are given', () => {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({
      name,
      clock,
      failureThreshold: 1,
      strategies: [new FailureRate({ minimumCalls: 3 })],
    });
    run(clock, breaker, 'FF');
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.stats().failureThreshold).toBe(1);
  });
});

describe('CircuitBreaker with SlowCallRate', () => {
  const slow = () =>
    new SlowCallRate({
      slowCallDurationMs: 500,
      slowCallRateThreshold: 50,
      minimumCalls: 4,
      window: { type: 'count', size: 4 },
    });

  it('times each call by the clock and opens when too many are slow, even though all succeed', () => {
    const { clock, breaker, transitions } = setup([slow()]);
    run(clock, breaker, 'S', 600);
    run(clock, breaker, 'S', 10);
    run(clock, breaker, 'S', 500); // exactly the limit is not slow
    expect(breaker.state).toBe('CLOSED');
    run(clock, breaker, 'S', 501); // 2 of 4 slow
    expect(breaker.state).toBe('OPEN');
    expect(breaker.failureCount).toBe(0);
    expect(transitions).toEqual([
      { type: 'breaker.state', name, from: 'CLOSED', to: 'OPEN', at: T0 + 1_611, reason: 'slow-call-rate' },
    ]);
  });

  it('times async calls from start to settlement', async () => {
    const { clock, breaker } = setup([slow()]);
    for (let i = 0; i < 4; i++) {
      const call = breaker.call(async () => {
        await clock.sleep(i % 2 === 0 ? 800 : 100);
        return i;
      });
      await clock.advance(800);
      await expect(call).resolves.toBe(i);
    }
    expect(breaker.state).toBe('OPEN');
  });

  it('slow failures count toward the slow-call rate', () => {
    const { clock, breaker } = setup([slow()]);
    run(clock, breaker, 'FF', 1_000);
    run(clock, breaker, 'SS', 1);
    expect(breaker.state).toBe('OPEN');
  });

  // Changed by issue #9: a slow trial used to close a breaker that slowness had opened.
  it('judges HALF_OPEN trials by speed too: a slow successful trial reopens, a fast one closes', () => {
    const { clock, breaker, transitions } = setup([slow()]);
    run(clock, breaker, 'SSSS', 1_000);
    expect(breaker.state).toBe('OPEN');
    clock.set(clock.now() + 1_000);
    run(clock, breaker, 'S', 501);
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + 5_501 });
    clock.set(clock.now() + 1_000);
    run(clock, breaker, 'S', 500); // exactly the limit is not slow
    expect(breaker.state).toBe('CLOSED');
    expect(transitions.map((e) => (e.type === 'breaker.state' ? `${e.to} (${e.reason})` : e.type))).toEqual([
      'OPEN (slow-call-rate)',
      'HALF_OPEN (recovery-timeout)',
      'OPEN (half-open-failure)',
      'HALF_OPEN (recovery-timeout)',
      'CLOSED (half-open-success)',
    ]);
  });

  it('times async trials from start to settlement', async () => {
    const { clock, breaker } = setup([slow()], 1_000);
    run(clock, breaker, 'SSSS', 1_000);
    clock.set(clock.now() + 1_000);
    const trial = breaker.call(async () => {
      await clock.sleep(800);
      return 'slow';
    });
    await clock.advance(800);
    await expect(trial).resolves.toBe('slow');
    expect(breaker.state).toBe('OPEN');
  });

  it('a failure-rate breaker still judges trials by success only', () => {
    const { clock, breaker } = setup([new FailureRate({ minimumCalls: 2, window: { type: 'count', size: 2 } })]);
    run(clock, breaker, 'FF');
    clock.set(clock.now() + 1_000);
    run(clock, breaker, 'S', 60_000);
    expect(breaker.state).toBe('CLOSED');
  });

  it('a strategy without failsTrial fails a trial only on a failure', () => {
    const custom: BreakerStrategy = {
      failures: 0,
      record: (o) => (o.success ? undefined : 'failure-threshold'),
      reset() {},
    };
    const { clock, breaker } = setup([custom]);
    run(clock, breaker, 'F');
    clock.set(clock.now() + 1_000);
    run(clock, breaker, 'S', 60_000);
    expect(breaker.state).toBe('CLOSED');
  });
});

describe('CircuitBreaker with several strategies', () => {
  it('any strategy can open it; the first that trips names the reason', () => {
    const both = () => [
      new FailureRate({ failureRateThreshold: 50, minimumCalls: 2, window: { type: 'count', size: 2 } }),
      new SlowCallRate({
        slowCallDurationMs: 100,
        slowCallRateThreshold: 50,
        minimumCalls: 2,
        window: { type: 'count', size: 2 },
      }),
    ];
    const a = setup(both());
    run(a.clock, a.breaker, 'SF', 200); // both trip on the second call
    expect(a.transitions.map((e) => e.type === 'breaker.state' && e.reason)).toEqual(['failure-rate']);

    const b = setup(both().reverse());
    run(b.clock, b.breaker, 'SF', 200);
    expect(b.transitions.map((e) => e.type === 'breaker.state' && e.reason)).toEqual(['slow-call-rate']);

    const c = setup(both());
    run(c.clock, c.breaker, 'SS', 200); // only the slow-call rate trips
    expect(c.transitions.map((e) => e.type === 'breaker.state' && e.reason)).toEqual(['slow-call-rate']);
  });

  it('feeds every strategy every outcome, and failureCount is the largest count held', () => {
    const seen: CallOutcome[] = [];
    const spy: BreakerStrategy = {
      failures: 7,
      usesTime: true,
      // The breaker reuses one outcome object: a strategy copies what it keeps.
      record: (o) => void seen.push({ ...o }),
      reset: () => void seen.push({ success: true, durationMs: -1, at: -1 }),
    };
    const { clock, breaker } = setup([new FailureRate({ minimumCalls: 10 }), spy]);
    run(clock, breaker, 'SF', 3);
    expect(seen).toEqual([
      { success: true, durationMs: 3, at: T0 + 3 },
      { success: false, durationMs: 3, at: T0 + 6 },
    ]);
    expect(breaker.failureCount).toBe(7);
  });

  it('passes zero durations and times when no strategy reads them, so successes read no clock', () => {
    const seen: CallOutcome[] = [];
    const spy: BreakerStrategy = { failures: 0, record: (o) => void seen.push({ ...o }), reset: () => undefined };
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({ name, clock, strategies: [spy] }); // nobody subscribed
    const now = vi.spyOn(clock, 'now');
    breaker.call(() => 1); // first success of a run: stamped once
    breaker.call(() => 2);
    breaker.call(() => 3);
    expect(now).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      { success: true, durationMs: 0, at: 0 },
      { success: true, durationMs: 0, at: 0 },
      { success: true, durationMs: 0, at: 0 },
    ]);
  });

  it('strategies are reset when the breaker closes (half-open success or reset), not when it opens', () => {
    const resets: string[] = [];
    let trip = false;
    const spy: BreakerStrategy = {
      failures: 0,
      record: () => (trip ? 'failure-rate' : undefined),
      reset: () => void resets.push('reset'),
    };
    const { clock, breaker } = setup([spy]);
    trip = true;
    run(clock, breaker, 'F');
    trip = false;
    expect([breaker.state, resets]).toEqual(['OPEN', []]);
    clock.set(T0 + 1_000);
    run(clock, breaker, 'S');
    expect([breaker.state, resets]).toEqual(['CLOSED', ['reset']]);
    breaker.reset();
    expect(resets).toEqual(['reset', 'reset']);
  });
});

describe('CircuitBreaker: strategies belong to one breaker', () => {
  it('refuses a strategy instance another breaker already uses (their windows would mix)', () => {
    const shared = new FailureRate();
    new CircuitBreaker({ name: 'kraken', strategies: [shared] });
    expect(
      () => new CircuitBreaker({ name: 'binance', strategies: [new SlowCallRate({ slowCallDurationMs: 1 }), shared] }),
    ).toThrow(
      new RangeError(
        'CircuitBreaker "binance": strategies[1] already belongs to circuit breaker "kraken"; ' +
          'give each breaker its own instances',
      ),
    );
  });

  it('refuses the same instance twice in one breaker', () => {
    const twice = new FailureRate();
    expect(() => new CircuitBreaker({ name: 'kraken', strategies: [twice, twice] })).toThrow(
      new RangeError(
        'CircuitBreaker "kraken": strategies[1] already belongs to circuit breaker "kraken"; ' +
          'give each breaker its own instances',
      ),
    );
  });
});
