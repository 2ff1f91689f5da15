import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, PRIVATE_ENDPOINTS, type Endpoint } from '../api/Endpoint.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { ScenarioInput } from '../scenario/scenarioSchema.ts';
import { FaultPlan } from './FaultPlan.ts';

function plan(input: ScenarioInput, seed = 7, clock = new ManualClock(0)) {
  return { plan: new FaultPlan(parseScenario(input), clock, seededRandom(seed)), clock };
}

/** What happens to `n` requests in a row, cycling through the endpoints. */
function sequence(p: FaultPlan, n: number, endpoints: readonly Endpoint[] = ENDPOINTS): string[] {
  return Array.from({ length: n }, (_, i) => {
    const { latencyMs, fault } = p.decide(endpoints[i % endpoints.length]!);
    return `${fault?.kind ?? 'ok'}${latencyMs > 0 ? `+${latencyMs}ms` : ''}`;
  });
}

const mixed: ScenarioInput = {
  faults: {
    latency: { probability: 0.2, ms: 10, maxMs: 50 },
    reset: 0.1,
    rateLimit: 0.1,
    malformed: 0.1,
    stale: 0.2,
    nonce: 0.1,
    acceptThenTimeout: 0.3,
  },
};

describe('FaultPlan', () => {
  it('replays the same fault sequence from the same seed, and another from another seed', () => {
    const a = sequence(plan(mixed, 42).plan, 200);
    expect(sequence(plan(mixed, 42).plan, 200)).toEqual(a);
    expect(sequence(plan(mixed, 43).plan, 200)).not.toEqual(a);
    const kinds = new Set(a.map((s) => s.replace(/\+.*/, '')));
    expect(kinds).toEqual(new Set(['ok', 'reset', 'rateLimit', 'malformed', 'stale', 'nonce', 'acceptThenTimeout']));
  });

  it('takes three numbers per request whatever the mix, so a changed mix does not shift later rolls', () => {
    const draws: number[] = [];
    const random = seededRandom(1);
    const counting = () => {
      const n = random();
      draws.push(n);
      return n;
    };
    const p = new FaultPlan(parseScenario(mixed), new ManualClock(0), counting);
    p.decide('ticker');
    p.setOutage('maintenance');
    p.decide('createOrder');
    p.setScenario(parseScenario({}));
    p.decide('balance');
    expect(draws).toHaveLength(9);
  });

  it('strikes at the probabilities given, per endpoint, one fault per request', () => {
    const { plan: p } = plan({ faults: { reset: 0.1, rateLimit: 0.2, nonce: 0.3, stale: 0.25 } }, 3);
    const count = (endpoint: Endpoint) => {
      const seen: Record<string, number> = {};
      for (const kind of sequence(p, 20_000, [endpoint])) seen[kind] = (seen[kind] ?? 0) + 1;
      return seen;
    };
    const ticker = count('ticker');
    expect(Object.keys(ticker).sort()).toEqual(['ok', 'rateLimit', 'reset', 'stale']);
    expect(ticker.reset! / 20_000).toBeCloseTo(0.1, 1);
    expect(ticker.stale! / 20_000).toBeCloseTo(0.25, 1);
    const balance = count('balance');
    expect(Object.keys(balance).sort()).toEqual(['nonce', 'ok', 'rateLimit', 'reset']);
    expect(balance.nonce! / 20_000).toBeCloseTo(0.3, 1);
  });

  it('delays by ms, or uniformly between ms and maxMs', () => {
    const fixed = sequence(plan({ faults: { latency: { probability: 1, ms: 30 } } }).plan, 20);
    expect(new Set(fixed)).toEqual(new Set(['ok+30ms']));
    const spread = sequence(plan({ faults: { latency: { probability: 1, ms: 10, maxMs: 20 } } }).plan, 500).map((s) =>
      Number(/\+(\d+)ms/.exec(s)![1]),
    );
    expect(Math.min(...spread)).toBe(10);
    expect(Math.max(...spread)).toBe(20);
  });

  it('plays phases in order on the clock, looping, each laid over the scenario’s own faults', async () => {
    const { plan: p, clock } = plan({
      faults: { latency: { probability: 1, ms: 5 } },
      phases: [
        { name: 'calm', durationMs: 1000 },
        { name: 'limited', durationMs: 500, faults: { rateLimit: 1 } },
        { name: 'slow', durationMs: 500, faults: { latency: { probability: 1, ms: 99 } } },
      ],
    });
    const at = async (t: number) => {
      await clock.advance(t - clock.now());
      return [p.phase()?.name, sequence(p, 1, ['ticker'])[0]];
    };
    expect(await at(0)).toEqual(['calm', 'ok+5ms']);
    expect(await at(999)).toEqual(['calm', 'ok+5ms']);
    expect(await at(1000)).toEqual(['limited', 'rateLimit+5ms']);
    expect(await at(1500)).toEqual(['slow', 'ok+99ms']);
    expect(await at(2000)).toEqual(['calm', 'ok+5ms']);
    expect(await at(3200)).toEqual(['limited', 'rateLimit+5ms']);
  });

  it('stays in the last phase when the scenario does not loop', () => {
    const clock = new ManualClock(0);
    const { plan: p } = plan(
      {
        loop: false,
        phases: [
          { name: 'warm-up', durationMs: 100 },
          { name: 'broken', durationMs: 100, faults: { reset: 1 } },
        ],
      },
      1,
      clock,
    );
    clock.set(10_000);
    expect(p.phase()).toEqual({ index: 1, name: 'broken' });
    expect(sequence(p, 3)).toEqual(['reset', 'reset', 'reset']);
  });

  it('opens scripted maintenance windows, timed from the scenario’s start', () => {
    const clock = new ManualClock(5000);
    const { plan: p } = plan({ maintenance: [{ from: 1000, durationMs: 500 }] }, 1, clock);
    const at = (t: number) => {
      clock.set(t);
      return [p.inMaintenanceWindow(), p.decide('createOrder').fault?.kind];
    };
    expect(at(5999)).toEqual([false, undefined]);
    expect(at(6000)).toEqual([true, 'maintenance']);
    expect(at(6499)).toEqual([true, 'maintenance']);
    expect(at(6500)).toEqual([false, undefined]);
    // A `maintenance: true` phase is a window too.
    p.setScenario(
      parseScenario({
        phases: [
          { name: 'up', durationMs: 100 },
          { name: 'down', durationMs: 100, maintenance: true, faults: { reset: 1 } },
        ],
      }),
    );
    expect(at(6550)).toEqual([false, undefined]);
    expect(at(6650)).toEqual([true, 'maintenance']);
    // A new scenario starts its own clock.
    p.setScenario(parseScenario({ maintenance: [{ from: 0, durationMs: 10 }] }));
    expect(at(6655)).toEqual([true, 'maintenance']);
  });

  it('forces an outage over everything, where its kind can strike, until lifted', () => {
    const { plan: p } = plan({ faults: { rateLimit: { probability: 0.5, retryAfterS: 7 } } });
    p.setOutage('nonce');
    expect(p.outage).toBe('nonce');
    expect(PRIVATE_ENDPOINTS.map((e) => p.decide(e).fault?.kind)).toEqual(PRIVATE_ENDPOINTS.map(() => 'nonce'));
    // Public endpoints carry no nonce: the scenario's own roll still applies there.
    expect(sequence(p, 50, ['ticker']).filter((k) => k === 'nonce')).toEqual([]);
    p.setOutage('rateLimit');
    // The scenario's settings.
    expect(p.decide('ticker').fault).toMatchObject({ kind: 'rateLimit', retryAfterS: 7, probability: 1 });
    p.setOutage('rateLimit', { retryAfterS: 2 });
    expect(p.decide('ticker').fault).toMatchObject({ kind: 'rateLimit', retryAfterS: 2 });
    p.setOutage(null);
    expect(p.outage).toBeNull();
  });
});
