import { describe, expect, it, vi } from 'vitest';
import { BreakerRegistry, compose, retrying, withCircuitBreaker } from '../index.ts';
import { ManualClock, seededRandom } from '../testing/index.ts';
import { chaosFault, chaosLatency, chaosOutcome } from './index.ts';

const T0 = 1_700_000_000_000;
const maintenance = () =>
  Object.assign(new Error('exchange is under maintenance'), { name: 'OnMaintenance', status: 503 });

describe('chaos policies', () => {
  it('are off unless enabled: every call runs, and the random source is never read', async () => {
    const random = vi.fn(() => 0);
    const fault = chaosFault({ rate: 1, fault: maintenance, random });
    const fetchTicker = fault(async (symbol: string) => `${symbol} 42000`);
    for (let i = 0; i < 5; i++) await expect(fetchTicker('BTC/USD')).resolves.toBe('BTC/USD 42000');
    expect(random).not.toHaveBeenCalled();
    expect(fault.injected).toBe(0);
    expect(fault.enabled).toBe(false);
  });

  it('fail the share of calls their seeded random picks, without running them, with the very fault given', async () => {
    const error = maintenance();
    const fault = chaosFault({ name: 'kraken-down', rate: 0.3, fault: error, random: seededRandom(42), enabled: true });
    const run = vi.fn(async () => 'ok');
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(
        await fault.execute(run).then(
          (v) => v,
          (e: unknown) => (e === error ? 'fault' : 'other'),
        ),
      );
    }
    const rolls = seededRandom(42);
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => (rolls() < 0.3 ? 'fault' : 'ok')));
    expect(fault.injected).toBe(outcomes.filter((o) => o === 'fault').length);
    expect(run).toHaveBeenCalledTimes(20 - fault.injected);
    expect(fault.name).toBe('kraken-down');
    expect(fault.kind).toBe('fault');
  });

  it('switch on and off at run time', async () => {
    const fault = chaosFault({ rate: 1, fault: () => maintenance() });
    const call = fault(async () => 'ok');
    await expect(call()).resolves.toBe('ok');
    fault.enabled = true;
    await expect(call()).rejects.toThrow('exchange is under maintenance');
    fault.enabled = false;
    await expect(call()).resolves.toBe('ok');
    expect(fault.injected).toBe(1);
    expect(() => {
      (fault as { enabled: unknown }).enabled = 'yes';
    }).toThrow('chaos fault "fault": enabled must be a boolean, got "yes"');
  });

  it('compose with retries and breakers: injected faults are retried and open the breaker like real ones', async () => {
    const clock = new ManualClock(T0);
    const registry = new BreakerRegistry({ clock });
    const fault = chaosFault({
      rate: 1,
      fault: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      enabled: true,
    });
    const policy = compose(
      retrying({ maxRetries: 2, baseDelayMs: 10, jitter: false, clock }),
      withCircuitBreaker('kraken', { registry, failureThreshold: 3 }),
      fault,
    );
    const run = vi.fn(async () => 'ok');
    const call = policy.execute(run);
    const settled = expect(call).rejects.toThrow('socket hang up');
    await clock.advance(10);
    await clock.advance(20);
    await settled;
    expect(fault.injected).toBe(3);
    expect(run).not.toHaveBeenCalled();
    expect(registry.get('kraken').state).toBe('OPEN');
  });

  it('delay a hit call by ms (or a spread up to maxMs) on the clock, and give up at once on abort', async () => {
    const clock = new ManualClock(T0);
    const latency = chaosLatency({ rate: 1, ms: 200, maxMs: 400, clock, random: () => 0.5, enabled: true });
    let done = false;
    const call = latency.execute(async () => 'ok').then((v) => ((done = true), v));
    await clock.advance(299);
    expect(done).toBe(false);
    await clock.advance(1);
    await expect(call).resolves.toBe('ok');
    const abort = new AbortController();
    const aborted = latency.execute(async () => 'never', { signal: abort.signal });
    abort.abort(new Error('shutdown'));
    await expect(aborted).rejects.toThrow('shutdown');
  });

  it('replace the result of a hit call without running it', async () => {
    const run = vi.fn(async () => ({ last: 42_000, timestamp: T0 }));
    const stale = chaosOutcome({
      rate: 1,
      enabled: true,
      outcome: () => ({ last: 42_000, timestamp: T0 - 3_600_000 }),
    });
    await expect(stale.execute(run)).resolves.toEqual({ last: 42_000, timestamp: T0 - 3_600_000 });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuse bad options, naming the policy and the option', () => {
    expect(() => chaosFault({ rate: 1.5, fault: 1 })).toThrow(
      'chaos fault "fault": rate must be a number in [0, 1], got 1.5',
    );
    expect(() => chaosFault({ rate: Number.NaN, fault: 1 })).toThrow(
      'chaos fault "fault": rate must be a number in [0, 1], got NaN',
    );
    expect(() => chaosLatency({ name: 'slow', rate: 0.1, ms: -1 })).toThrow(
      'chaos latency "slow": ms must be a number of ms in [0, 2^31 - 1], got -1',
    );
    expect(() => chaosLatency({ rate: 0.1, ms: 100, maxMs: 50 })).toThrow(
      'chaos latency "latency": maxMs must be a number of ms in [ms, 2^31 - 1] (ms is 100), got 50',
    );
    expect(() => chaosOutcome({ rate: 0.1, outcome: 5 as never })).toThrow(
      'chaos outcome "outcome": outcome must be a function, got number',
    );
  });
});
