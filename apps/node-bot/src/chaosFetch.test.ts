import { ManualClock } from '@breakwater/core/testing';
import { ExchangeClient } from '@breakwater/exchange-sim/client';
import { describe, expect, it, vi } from 'vitest';
import { chaosFetch, parseChaos } from './chaosFetch.ts';

const ok = () =>
  Promise.resolve(
    new Response(JSON.stringify({ symbol: 'BTC/USD', last: 1, bid: 1, ask: 1, timestamp: 0 }), { status: 200 }),
  );

describe('parseChaos', () => {
  it('reads kinds and a seed', () => {
    expect(parseChaos('reset=0.2, latency=0.1,maintenance=0.05,rateLimit=0,seed=7')).toEqual({
      reset: 0.2,
      latency: 0.1,
      maintenance: 0.05,
      rateLimit: 0,
      seed: 7,
    });
    expect(parseChaos('')).toEqual({});
  });

  it('names what is wrong', () => {
    expect(() => parseChaos('reset')).toThrow('BOT_CHAOS: "reset" is not name=number');
    expect(() => parseChaos('reset=lots')).toThrow('BOT_CHAOS: "reset=lots" is not name=number');
    expect(() => parseChaos('reset=1.5')).toThrow('BOT_CHAOS: reset must be a share of requests in [0, 1], got 1.5');
    expect(() => parseChaos('outage=0.1')).toThrow(
      'BOT_CHAOS: unknown kind "outage" (known: reset, latency, maintenance, rateLimit, seed)',
    );
    expect(() => parseChaos('seed=1.5')).toThrow('BOT_CHAOS: seed must be an integer, got 1.5');
  });
});

describe('chaosFetch', () => {
  it('leaves fetch alone when no chaos is asked for', () => {
    const inner = vi.fn(ok);
    expect(chaosFetch({}, new ManualClock(), inner)).toEqual({ fetch: inner, policies: [] });
    expect(chaosFetch({ reset: 0, seed: 4 }, new ManualClock(), inner).fetch).toBe(inner);
  });

  it('switchable: makes every kind, off unless asked for, for the devtools panel to switch', async () => {
    const inner = vi.fn(ok);
    const { fetch, policies } = chaosFetch({ reset: 0.3 }, new ManualClock(), inner, { switchable: true });
    expect(policies.map((p) => [p.name, p.rate, p.enabled])).toEqual([
      ['latency', 0.2, false],
      ['reset', 0.3, true],
      ['maintenance', 0.1, false],
      ['rateLimit', 0.1, false],
    ]);
    policies[1]!.enabled = false;
    await fetch('http://127.0.0.1:1/x', {});
    expect(inner).toHaveBeenCalledTimes(1); // all off: the request goes out as it is
  });

  it('turns into what the exchange client throws for the real thing', async () => {
    const inner = vi.fn(ok);
    const reset = new ExchangeClient('http://127.0.0.1:1', {
      fetch: chaosFetch({ reset: 1 }, new ManualClock(), inner).fetch,
    });
    const error = (await reset.fetchTicker('BTC/USD').catch((e: unknown) => e)) as TypeError & {
      cause: { code: string };
    };
    expect([error.name, error.message, error.cause.code]).toEqual(['TypeError', 'fetch failed', 'ECONNRESET']);
    const maintenance = new ExchangeClient('http://127.0.0.1:1', {
      fetch: chaosFetch({ maintenance: 1 }, new ManualClock(), inner).fetch,
    });
    await expect(maintenance.fetchTicker('BTC/USD')).rejects.toMatchObject({ name: 'OnMaintenance', status: 503 });
    const limited = new ExchangeClient('http://127.0.0.1:1', {
      fetch: chaosFetch({ rateLimit: 1 }, new ManualClock(), inner).fetch,
    });
    await expect(limited.fetchTicker('BTC/USD')).rejects.toMatchObject({
      name: 'RateLimitExceeded',
      status: 429,
      headers: { 'retry-after': '1' },
    });
    expect(inner).not.toHaveBeenCalled();
  });

  it('delays on the clock, and the request timeout ends the delay', async () => {
    const clock = new ManualClock();
    const inner = vi.fn(ok);
    const { fetch } = chaosFetch({ latency: 1, seed: 3 }, clock, inner);
    const abort = new AbortController();
    const pending = fetch('http://x/api/ticker', { signal: abort.signal });
    await clock.advance(99);
    expect(inner).not.toHaveBeenCalled();
    abort.abort(new Error('request timed out'));
    await expect(pending).rejects.toThrow('request timed out');
    expect(inner).not.toHaveBeenCalled();
  });
});
