import { BreakerRegistry, FailureRate, type BreakerSettings, type BreakerStateEvent } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outcomesScript } from './breakerScripts.ts';
import { sharedBreakers, type SharedBreakersOptions } from './sharedBreakers.ts';
import type { SharedBreakersEvent } from './SharedBreakersEvent.ts';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

// Two or three "processes" here are registries in one test process, each with its own sharedBreakers (its own
// connections) on one real redis-server. Breakers and scripts run on one ManualClock; only Redis and its
// pub/sub are real, so the tests wait (vi.waitFor) for answers, never for time.
const T0 = 1_700_000_000_000;
let server: RedisServer;
const open: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  try {
    await Promise.all(open.map((s) => s.close()));
  } finally {
    await server?.stop();
  }
});

let n = 0;
/** A fleet of `size` processes on a fresh key prefix, one clock. */
async function fleet(
  size: number,
  settings: () => BreakerSettings = () => ({}),
  options: Partial<SharedBreakersOptions> = {},
) {
  const keyPrefix = `t${++n}`;
  const clock = new ManualClock(T0);
  const members = await Promise.all(
    Array.from({ length: size }, async () => {
      const registry = new BreakerRegistry({
        clock,
        defaults: { failureThreshold: 3, recoveryTimeoutMs: 1000, ...settings() },
      });
      const breaker = registry.get('kraken');
      const transitions: string[] = [];
      breaker.onStateChange((e: BreakerStateEvent) =>
        transitions.push(`${e.to} ${e.reason}${e.source ? ' remote' : ''}`),
      );
      const shared = sharedBreakers({ url: server.url, registry, keyPrefix, clock, syncIntervalMs: 100, ...options });
      open.push(shared);
      await shared.ready;
      return { registry, breaker, shared, transitions };
    }),
  );
  return { clock, keyPrefix, members };
}

const boom = () => {
  throw new Error('boom');
};
const fail = (b: { call(fn: () => never): unknown }) => expect(() => b.call(boom)).toThrow();
/** Lets Redis answer what was sent (commands and pub/sub on loopback take well under this). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('sharedBreakers: one breaker per name across processes', () => {
  it('a transition in one process reaches the others, marked remote, and is not echoed back', async () => {
    const { members } = await fleet(3);
    const [a, b, c] = members;
    a!.breaker.isolate();
    await vi.waitFor(() => expect([b!.breaker.state, c!.breaker.state]).toEqual(['OPEN', 'OPEN']), { interval: 5 });
    expect(b!.breaker.isolated).toBe(true);
    a!.breaker.reset();
    await vi.waitFor(() => expect([b!.breaker.state, c!.breaker.state]).toEqual(['CLOSED', 'CLOSED']), { interval: 5 });
    await settle();
    expect(a!.transitions).toEqual(['OPEN isolate', 'CLOSED reset']);
    expect(b!.transitions).toEqual(['OPEN isolate remote', 'CLOSED reset remote']);
    expect(a!.shared.stats()).toEqual({ available: true, breakers: 1, published: 2, received: 0, redisErrors: 0 });
    expect(b!.shared.stats()).toEqual({ available: true, breakers: 1, published: 0, received: 2, redisErrors: 0 });
  });

  it('counts consecutive failures fleet-wide: 2 here and 1 there open every breaker at a threshold of 3', async () => {
    const { members } = await fleet(2);
    const [a, b] = members;
    fail(a!.breaker);
    fail(a!.breaker);
    await settle(); // a's failures land first
    fail(b!.breaker);
    await vi.waitFor(() => expect([a!.breaker.state, b!.breaker.state]).toEqual(['OPEN', 'OPEN']), { interval: 5 });
    expect(a!.transitions).toEqual(['OPEN failure-threshold remote']);
    expect(b!.transitions).toEqual(['OPEN failure-threshold remote']);
    expect(a!.breaker.stats().openedAt).toBe(T0);
  });

  it('a success reported by any process (batched, every syncIntervalMs) resets the fleet count', async () => {
    const { clock, members } = await fleet(2);
    const [a, b] = members;
    fail(a!.breaker);
    fail(b!.breaker);
    await settle(); // the fleet count is 2
    expect(a!.breaker.call(() => 'ok')).toBe('ok');
    await clock.advance(100); // a's batch of successes goes out: the fleet count is 0
    await settle();
    fail(b!.breaker); // 1 (3 without a's success)
    await settle();
    expect([a!.breaker.state, b!.breaker.state]).toEqual(['CLOSED', 'CLOSED']);
    fail(a!.breaker);
    fail(a!.breaker); // 3: a's own count is only 2
    await vi.waitFor(() => expect([a!.breaker.state, b!.breaker.state]).toEqual(['OPEN', 'OPEN']), { interval: 5 });
  });

  it('counts a failure rate over a count window fleet-wide, successes riding along with the next failure', async () => {
    const rate = () => ({
      strategies: [new FailureRate({ failureRateThreshold: 50, minimumCalls: 4, window: { type: 'count', size: 4 } })],
    });
    const { members } = await fleet(2, rate);
    const [a, b] = members;
    expect(a!.breaker.call(() => 'ok')).toBe('ok');
    expect(a!.breaker.call(() => 'ok')).toBe('ok');
    fail(a!.breaker); // Redis: [fail, ok, ok] — 3 calls, under minimumCalls
    await settle();
    expect(b!.breaker.state).toBe('CLOSED');
    fail(b!.breaker); // [fail, fail, ok, ok]: 50 % of 4; neither process saw it alone
    await vi.waitFor(() => expect([a!.breaker.state, b!.breaker.state]).toEqual(['OPEN', 'OPEN']), { interval: 5 });
    expect(b!.transitions).toEqual(['OPEN failure-rate remote']);
  });

  it('counts a failure rate over a time window fleet-wide', async () => {
    const rate = () => ({
      strategies: [
        new FailureRate({
          failureRateThreshold: 50,
          minimumCalls: 2,
          window: { type: 'time', durationMs: 1000, buckets: 10 },
        }),
      ],
    });
    const { clock, members } = await fleet(2, rate);
    const [a, b] = members;
    fail(a!.breaker);
    await settle();
    clock.set(T0 + 1000); // a's failure leaves the window
    fail(b!.breaker);
    await settle();
    expect(a!.breaker.state).toBe('CLOSED');
    clock.set(T0 + 1500);
    fail(a!.breaker);
    await vi.waitFor(() => expect([a!.breaker.state, b!.breaker.state]).toEqual(['OPEN', 'OPEN']), { interval: 5 });
    expect(a!.transitions).toEqual(['OPEN failure-rate remote']);
  });

  it('HALF_OPEN admits halfOpenMaxCalls trials fleet-wide, the first call of each process asking Redis', async () => {
    const { clock, members } = await fleet(3, () => ({ halfOpenMaxCalls: 2, maxHalfOpenWaitMs: Infinity }));
    const [a, b, c] = members;
    for (let i = 0; i < 3; i++) fail(a!.breaker);
    await vi.waitFor(() => expect(c!.breaker.state).toBe('OPEN'), { interval: 5 });
    clock.set(T0 + 1000);
    const permits: unknown[] = [];
    const tries = async () => {
      for (const m of [a, b, c]) {
        const permit = m!.breaker.tryAcquire();
        if (permit) permits.push(permit);
      }
      await settle();
    };
    for (let round = 0; round < 4; round++) await tries();
    expect(permits.length).toBe(2);
    expect([a, b, c].map((m) => m!.breaker.state)).toEqual(['HALF_OPEN', 'HALF_OPEN', 'HALF_OPEN']);
  });

  it('a late joiner starts in the fleet state', async () => {
    const { members, keyPrefix, clock } = await fleet(1);
    members[0]!.breaker.isolate();
    await settle();
    const registry = new BreakerRegistry({ clock });
    const late = registry.get('kraken');
    const shared = sharedBreakers({ url: server.url, registry, keyPrefix, clock });
    open.push(shared);
    await shared.ready;
    expect([late.state, late.isolated]).toEqual(['OPEN', true]);
  });

  it('sends nothing to Redis for successes of a CLOSED breaker, until the batch of the sync interval', async () => {
    const client = createClient({ url: server.url });
    await client.connect();
    await client.scriptLoad(outcomesScript.source);
    const sent: string[] = [];
    const counting = {
      sendCommand: (args: readonly string[], options?: object) => {
        sent.push(args[0]!);
        return client.sendCommand([...args], options);
      },
      duplicate: () => client.duplicate(),
    };
    const clock = new ManualClock(T0);
    const registry = new BreakerRegistry({ clock });
    const breaker = registry.get('kraken');
    const shared = sharedBreakers({ client: counting, registry, keyPrefix: `t${++n}`, clock });
    try {
      await shared.ready;
      const before = sent.length;
      for (let i = 0; i < 1000; i++) await breaker.call(async () => 'ok');
      expect(sent.length).toBe(before);
      await clock.advance(1000); // one batch: 1000 successes in one script call
      await settle();
      expect(sent.slice(before)).toEqual(['EVALSHA']);
    } finally {
      await shared.close();
      await client.close();
    }
  });

  it('a transition made during an outage loses to a newer one of the fleet when Redis is back', async () => {
    const own = await startRedisServer();
    try {
      const clock = new ManualClock(T0);
      const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 1, recoveryTimeoutMs: 1000 } });
      const breaker = registry.get('kraken');
      const transitions: string[] = [];
      breaker.onStateChange((e) => transitions.push(`${e.to} ${e.reason} ${e.source ?? 'local'}`));
      const shared = sharedBreakers({ url: own.url, registry, keyPrefix: 'moved', clock, syncIntervalMs: 100 });
      open.push(shared);
      await shared.ready;
      breaker.isolate(); // epoch 1
      breaker.reset(); // epoch 2
      await settle();
      await own.kill();
      await vi.waitFor(() => expect(shared.stats().available).toBe(false), { interval: 5 });
      fail(breaker); // from epoch 2, this process alone: OPEN
      await own.start();
      // Meanwhile the rest of the fleet went on to epoch 4 (written here as another process's script would).
      const other = createClient({ url: own.url });
      await other.connect();
      await other.hSet('moved:breaker:kraken', {
        state: 'CLOSED',
        openedAt: '',
        isolated: '0',
        epoch: '4',
        reason: 'half-open-success',
        slots: '0',
      });
      await other.close();
      await vi.waitFor(
        async () => {
          await clock.advance(100);
          expect(shared.stats().available).toBe(true);
        },
        { interval: 20, timeout: 5000 },
      );
      expect(transitions).toEqual([
        'OPEN isolate local',
        'CLOSED reset local',
        'OPEN failure-threshold local',
        'CLOSED half-open-success remote',
      ]);
    } finally {
      await own.stop();
    }
  });

  it('a breaker created after start is shared too; one the registry dropped is let go at the next sync', async () => {
    const { clock, members } = await fleet(2);
    const [a, b] = members;
    const binanceB = b!.registry.get('binance');
    a!.registry.get('binance').isolate();
    await vi.waitFor(() => expect(binanceB.state).toBe('OPEN'), { interval: 5 });
    expect(b!.shared.stats().breakers).toBe(2);
    b!.registry.remove('binance');
    await clock.advance(100);
    expect(b!.shared.stats().breakers).toBe(1);
    a!.registry.get('binance').reset();
    await settle();
    expect(binanceB.state).toBe('OPEN'); // detached: it runs on its own again
  });
});

describe('sharedBreakers without Redis', () => {
  it('reports Redis trouble, keeps local rules, reconciles when Redis is back (newer local state wins)', async () => {
    const own = await startRedisServer();
    try {
      const clock = new ManualClock(T0);
      const make = () => {
        const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 1, recoveryTimeoutMs: 1000 } });
        const shared = sharedBreakers({ url: own.url, registry, keyPrefix: 'down', clock, syncIntervalMs: 100 });
        open.push(shared);
        return { breaker: registry.get('kraken'), shared };
      };
      const a = make();
      const b = make();
      await Promise.all([a.shared.ready, b.shared.ready]);
      const seen: SharedBreakersEvent[] = [];
      a.shared.subscribe((e) => seen.push(e));
      expect(a.shared.stats()).toMatchObject({ available: true, redisErrors: 0 });
      await own.kill();
      // Known at once (the pub/sub connection drops); a failure sent before that would wait in node-redis's
      // queue for up to timeoutMs and could still be counted by a Redis restarted within it.
      await vi.waitFor(() => expect(a.shared.stats().available).toBe(false), { interval: 5 });
      fail(a.breaker); // not sent: the local breaker opens by itself
      expect(a.breaker.state).toBe('OPEN');
      clock.set(T0 + 1000);
      expect(a.breaker.tryAcquire()).toBeDefined(); // Redis away: the local rule admits the trial
      a.breaker.isolate();
      await own.start();
      await vi.waitFor(
        async () => {
          await clock.advance(100);
          expect(b.breaker.state).toBe('OPEN');
        },
        { interval: 20, timeout: 5000 },
      );
      expect(b.breaker.isolated).toBe(true);
      expect(seen.map((e) => e.type)).toEqual(['redis-unavailable', 'redis-restored']);
      expect(a.shared.stats().available).toBe(true);
    } finally {
      await own.stop();
    }
  });

  it('rejects bad options, naming them', () => {
    const registry = new BreakerRegistry();
    expect(() => sharedBreakers({ url: server.url, registry: {} as never })).toThrow(
      'sharedBreakers: registry must be a BreakerRegistry (e.g. handler.breakers), got object',
    );
    expect(() => sharedBreakers({ url: 'http://x', registry })).toThrow(
      'sharedBreakers: url must be a redis:// or rediss:// URL, got "http://x"',
    );
    expect(() => sharedBreakers({ url: server.url, registry, syncIntervalMs: 0 })).toThrow(
      'sharedBreakers: syncIntervalMs must be a finite number > 0, got 0',
    );
    expect(() => sharedBreakers({ client: { sendCommand: async () => 1 }, registry })).toThrow(
      'sharedBreakers: client must be a node-redis client (no duplicate() for pub/sub)',
    );
  });
});
