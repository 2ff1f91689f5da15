import { compose, retrying } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRateLimitedError, RateLimitedError } from './RateLimitedError.ts';
import type { RateLimitEvent } from './RateLimitEvent.ts';
import { sharedRateLimit, type SharedRateLimitOptions } from './sharedRateLimit.ts';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

// The script gets `now` from the injected ManualClock, so every answer below is exact; only Redis is real.
const T0 = 1_700_000_000_000;
let server: RedisServer;
let down: RedisServer;
const open: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  [server, down] = await Promise.all([startRedisServer(), startRedisServer()]);
  await down.kill(); // a port where Redis is gone
});
afterAll(async () => {
  try {
    await Promise.all(open.map((l) => l.close()));
  } finally {
    await Promise.all([server?.stop(), down?.stop()]);
  }
});

let n = 0;
function limiter(clock: ManualClock, options: Partial<SharedRateLimitOptions> = {}) {
  // A generous timeout: these tests are about the algorithm, and a loaded CI machine must not make it fail open.
  const l = sharedRateLimit({
    url: server.url,
    key: `acct${n}`,
    ratePerSecond: 10,
    clock,
    timeoutMs: 5000,
    ...options,
  });
  open.push(l);
  return l;
}
const fresh = (options: Partial<SharedRateLimitOptions> = {}) => {
  n++;
  const clock = new ManualClock(T0);
  return { clock, limit: limiter(clock, options) };
};

describe('sharedRateLimit: GCRA on Redis', () => {
  it('allows a burst, then one call per interval, and says exactly how long to wait', async () => {
    const { clock, limit } = fresh({ ratePerSecond: 10, burst: 3 });
    const takes = async (k: number) => Promise.all(Array.from({ length: k }, () => limit.acquire()));
    expect(await takes(3)).toEqual(Array(3).fill({ allowed: true, retryAfterMs: 0, source: 'redis' }));
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 100, source: 'redis' });
    clock.set(T0 + 40);
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 60, source: 'redis' });
    clock.set(T0 + 100);
    expect(await limit.acquire()).toEqual({ allowed: true, retryAfterMs: 0, source: 'redis' });
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 100, source: 'redis' });
    clock.set(T0 + 10_000); // a quiet spell refills the burst, no more
    expect((await takes(4)).map((a) => a.allowed)).toEqual([true, true, true, false]);
  });

  it('rounds a fractional interval up: 3 per second', async () => {
    const { clock, limit } = fresh({ ratePerSecond: 3 });
    expect((await limit.acquire()).allowed).toBe(true);
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 334, source: 'redis' });
    clock.set(T0 + 1000);
    expect((await limit.acquire()).allowed).toBe(true);
    expect((await limit.acquire()).allowed).toBe(false);
  });

  it('is one budget for every limiter of the same key (two processes, one account)', async () => {
    const { clock, limit } = fresh({ burst: 2 });
    const other = limiter(clock, { burst: 2 });
    expect((await limit.acquire()).allowed).toBe(true);
    expect((await other.acquire()).allowed).toBe(true);
    expect(await other.acquire()).toEqual({ allowed: false, retryAfterMs: 100, source: 'redis' });
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 100, source: 'redis' });
  });

  it('pause(ms) stops every limiter of the key until it ends, and never shortens a longer pause', async () => {
    const { clock, limit } = fresh({ burst: 5 });
    const other = limiter(clock, { burst: 5 });
    const seen: RateLimitEvent[] = [];
    limit.subscribe((e) => seen.push(e));
    await limit.pause(2000);
    await other.pause(500);
    expect(seen).toEqual([{ type: 'paused', key: limit.key, ms: 2000 }]);
    expect(await other.acquire()).toEqual({ allowed: false, retryAfterMs: 2000, source: 'redis' });
    clock.set(T0 + 1500);
    expect(await other.acquire()).toEqual({ allowed: false, retryAfterMs: 500, source: 'redis' });
    clock.set(T0 + 2000);
    expect(await other.acquire()).toEqual({ allowed: true, retryAfterMs: 0, source: 'redis' });
  });

  it('loads its script again when the server forgot it (EVALSHA, then EVAL on NOSCRIPT)', async () => {
    const { clock, limit } = fresh();
    expect((await limit.acquire()).allowed).toBe(true);
    const admin = createClient({ url: server.url });
    await admin.connect();
    await admin.scriptFlush();
    await admin.close();
    clock.set(T0 + 100);
    expect(await limit.acquire()).toEqual({ allowed: true, retryAfterMs: 0, source: 'redis' });
  });

  it('can use Redis TIME instead of the injected clock', async () => {
    const { limit } = fresh({ time: 'redis', ratePerSecond: 1 });
    expect((await limit.acquire()).allowed).toBe(true);
    const denied = await limit.acquire();
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(900);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('rejects bad options, naming the key and the value', () => {
    const clock = new ManualClock(T0);
    expect(() => sharedRateLimit({ url: server.url, key: 'k', ratePerSecond: 0, clock })).toThrow(
      new RangeError('sharedRateLimit "k": ratePerSecond must be a finite number > 0, got 0'),
    );
    expect(() => sharedRateLimit({ url: server.url, key: 'k', ratePerSecond: 1, burst: 1.5, clock })).toThrow(
      new RangeError('sharedRateLimit "k": burst must be a positive integer, got 1.5'),
    );
    expect(() => sharedRateLimit({ url: server.url, key: '', ratePerSecond: 1, clock })).toThrow(
      new RangeError('sharedRateLimit: key must be a non-empty string, got ""'),
    );
    expect(() => sharedRateLimit({ url: 'localhost', key: 'k', ratePerSecond: 1, clock })).toThrow(
      new RangeError('sharedRateLimit "k": url must be a redis:// or rediss:// URL, got "localhost"'),
    );
  });
});

describe('sharedRateLimit as a policy', () => {
  it('waits on the clock until the budget allows the call', async () => {
    const { clock, limit } = fresh();
    const ran: number[] = [];
    const op = () => (ran.push(clock.now()), 'ok');
    expect(await limit.execute(op)).toBe('ok');
    const second = limit.execute(op);
    await vi.waitFor(() => expect(clock.pendingSleeps).toBe(1));
    expect(ran).toEqual([T0]);
    await clock.advance(100);
    expect(await second).toBe('ok');
    expect(ran).toEqual([T0, T0 + 100]);
  });

  it('fails with RateLimitedError when the wait would pass maxWaitMs, without running the call', async () => {
    const { limit } = fresh({ maxWaitMs: 1000 });
    await limit.pause(1500);
    const op = vi.fn();
    const error = await limit.execute(op).catch((e: unknown) => e);
    expect(error).toEqual(new RateLimitedError(limit.key, 1500, 1000));
    expect((error as Error).message).toBe(`sharedRateLimit "${limit.key}": no budget within 1000 ms (next in 1500 ms)`);
    expect(isRateLimitedError(error)).toBe(true);
    expect(op).not.toHaveBeenCalled();
  });

  it('a Retry-After seen by one call pauses the account for every limiter, inside compose()', async () => {
    const { clock, limit } = fresh({ burst: 5, maxWaitMs: 0 });
    const other = limiter(clock, { burst: 5 });
    const tooMany = Object.assign(new Error('429 Too Many Requests'), { retryAfterMs: 3000 });
    await expect(compose(retrying({ maxRetries: 0 }), limit).execute(() => Promise.reject(tooMany))).rejects.toBe(
      tooMany,
    );
    expect(await other.acquire()).toEqual({ allowed: false, retryAfterMs: 3000, source: 'redis' });
  });
});

describe('sharedRateLimit when Redis is down', () => {
  it("fails open: allows by this process's own budget at the full rate, and reports it", async () => {
    n++;
    const clock = new ManualClock(T0);
    const limit = sharedRateLimit({ url: down.url, key: 'gone', ratePerSecond: 10, burst: 2, clock, timeoutMs: 30 });
    open.push(limit);
    const seen: RateLimitEvent[] = [];
    limit.subscribe((e) => seen.push(e));
    const answers = [await limit.acquire(), await limit.acquire(), await limit.acquire()];
    expect(answers).toEqual([
      { allowed: true, retryAfterMs: 0, source: 'local' },
      { allowed: true, retryAfterMs: 0, source: 'local' },
      { allowed: false, retryAfterMs: 100, source: 'local' },
    ]);
    expect(seen.map((e) => e.type === 'redis-failed' && e.allowed)).toEqual([true, true, false]);
  });

  it('fails closed when asked: refuses for timeoutMs', async () => {
    const limit = sharedRateLimit({
      url: down.url,
      key: 'gone',
      ratePerSecond: 10,
      clock: new ManualClock(T0),
      timeoutMs: 30,
      failMode: 'closed',
    });
    open.push(limit);
    const started = Date.now();
    expect(await limit.acquire()).toEqual({ allowed: false, retryAfterMs: 30, source: 'local' });
    expect(Date.now() - started).toBeLessThan(500); // never waits on Redis much past its timeout
  });
});
