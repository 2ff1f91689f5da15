import { Classifier } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import type { ExchangeClient } from './client/ExchangeClient.ts';
import type { ScenarioInput } from './scenario/scenarioSchema.ts';
import { rejection, useExchangeSim } from './testing/useExchangeSim.ts';

const start = useExchangeSim();
const classifier = new Classifier();

/** One request's fate as the bot sees it: `ok`, an error name, or the network code under `fetch failed`. */
async function fate(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const { name, cause } = error as Error & { cause?: { code?: string } };
    return name === 'TypeError' ? `${name}:${cause?.code}` : name;
  }
}

const noisy: ScenarioInput = { faults: { reset: 0.15, rateLimit: 0.15, malformed: 0.15, nonce: 0.15, stale: 0.2 } };

async function run(client: ExchangeClient, n: number): Promise<string[]> {
  const fates: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      // A stale ticker is stamped 30 s before the clock's 0.
      const ticker = client.fetchTicker('BTC/USD').then((t) => {
        if (t.timestamp < 0) throw Object.assign(new Error('stale'), { name: 'Stale' });
      });
      fates.push(await fate(ticker));
    } else {
      fates.push(await fate(client.fetchBalance()));
    }
  }
  return fates;
}

describe('startExchangeSim: seeded scenarios over HTTP', () => {
  it('the same seed gives the same faults and prices; another seed others', async () => {
    const clock = () => new ManualClock(0);
    const a = await start({ seed: 42, scenario: noisy, clock: clock() });
    const b = await start({ seed: 42, scenario: noisy, clock: clock() });
    const c = await start({ seed: 43, scenario: noisy, clock: clock() });
    const fatesA = await run(a.client, 40);
    expect(await run(b.client, 40)).toEqual(fatesA);
    expect(await run(c.client, 40)).not.toEqual(fatesA);
    expect(new Set(fatesA)).toEqual(
      new Set(['ok', 'TypeError:ECONNRESET', 'RateLimitExceeded', 'SyntaxError', 'InvalidNonce', 'Stale']),
    );
    expect(a.sim.stats().faults).toEqual(b.sim.stats().faults);
    // The price walk runs on its own stream: the same for the same seed.
    expect(await a.client.fetchOrderBook('ETH/USD').catch(() => 'x')).toEqual(
      await b.client.fetchOrderBook('ETH/USD').catch(() => 'x'),
    );
  });

  it('plays phases on the injected clock: calm, rate limited, maintenance, and round again', async () => {
    const clock = new ManualClock(1_000);
    const { sim, client } = await start({
      clock,
      scenario: {
        phases: [
          { name: 'calm', durationMs: 10_000 },
          { name: 'rate limited', durationMs: 5_000, faults: { rateLimit: { probability: 1, retryAfterS: 4 } } },
          { name: 'maintenance', durationMs: 5_000, faults: { maintenance: 1 } },
        ],
      },
    });
    const at = async (t: number) => {
      clock.set(1_000 + t);
      const outcome = await fate(client.fetchTicker('BTC/USD'));
      return [sim.stats().phase, outcome];
    };
    expect(await at(0)).toEqual(['calm', 'ok']);
    expect(await at(10_000)).toEqual(['rate limited', 'RateLimitExceeded']);
    const limited = await rejection(client.fetchBalance());
    expect(classifier.classify(limited).classification).toMatchObject({ category: 'api', retryAfterMs: 4000 });
    expect(await at(15_000)).toEqual(['maintenance', 'OnMaintenance']);
    expect(await at(20_000)).toEqual(['calm', 'ok']);
    expect(await at(31_000)).toEqual(['rate limited', 'RateLimitExceeded']);
  });

  it('opens scripted maintenance windows on the clock, over any phase', async () => {
    const clock = new ManualClock(0);
    const { sim, client } = await start({ clock, scenario: { maintenance: [{ from: 2_000, durationMs: 1_000 }] } });
    expect(await fate(client.fetchTicker('BTC/USD'))).toBe('ok');
    clock.set(2_000);
    expect(sim.stats().maintenanceWindow).toBe(true);
    expect(
      await fate(client.createOrder({ clientOrderId: 'x', symbol: 'BTC/USD', side: 'buy', amount: 0.1, price: 10 })),
    ).toBe('OnMaintenance');
    clock.set(3_000);
    expect(await fate(client.fetchTicker('BTC/USD'))).toBe('ok');
    expect(sim.stats()).toMatchObject({ maintenanceWindow: false, faults: { maintenance: 1 } });
  });

  it('takes a new scenario while running, its phases starting then; and refuses a wrong one', async () => {
    const clock = new ManualClock(0);
    const { sim, client } = await start({ clock, scenario: { faults: { reset: 1 } } });
    expect(await fate(client.fetchBalance())).toBe('TypeError:ECONNRESET');
    clock.set(50_000);
    sim.setScenario({
      phases: [
        { name: 'first', durationMs: 100 },
        { name: 'second', durationMs: 100, faults: { nonce: 1 } },
      ],
    });
    expect(sim.scenario.phases).toHaveLength(2);
    expect(await fate(client.fetchBalance())).toBe('ok');
    clock.set(50_100);
    expect(await fate(client.fetchBalance())).toBe('InvalidNonce');
    expect(() => sim.setScenario({ faults: { reset: { probability: 0.5, when: 'always' } as never } })).toThrow(
      'Invalid exchange-sim scenario in setScenario:\n  faults.reset.when: unknown key "when"',
    );
    expect(sim.stats().phase).toBe('second'); // unchanged
  });
});
