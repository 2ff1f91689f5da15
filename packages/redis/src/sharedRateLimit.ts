import {
  EventStream,
  retryAfterOf,
  systemClock,
  type Clock,
  type ExecutionContext,
  type Operation,
  type Policy,
  type Unsubscribe,
} from '@breakwater/core';
import { acquireScript, pauseScript } from './gcraScripts.ts';
import { LocalGcra } from './LocalGcra.ts';
import { runScript } from './LuaScript.ts';
import { DEFAULT_REDIS_TIMEOUT_MS, openRedisLink, type RedisTarget } from './RedisConnection.ts';
import { keyName, optionError, positiveInt, positiveNumber } from './redisOptions.ts';
import { RateLimitedError } from './RateLimitedError.ts';
import type { RateLimitEvent } from './RateLimitEvent.ts';

export interface SharedRateLimitOptions extends RedisTarget {
  /** The budget's name, one per exchange account, e.g. `kraken:acct1`. */
  key: string;
  /** Sustained rate the whole fleet may use. */
  ratePerSecond: number;
  /** Calls allowed at once after a quiet spell. Default 1. */
  burst?: number;
  /** Key prefix: the budget lives at `<prefix>:rate:<key>`. Default `breakwater`. */
  keyPrefix?: string;
  /**
   * Whose `now` the script uses. `clock` (default): this process's `clock`, passed in, so tests are exact on a
   * `ManualClock`; fleet hosts need synchronised clocks (a host d ms ahead may start its calls d ms early).
   * `redis`: Redis `TIME`, one clock for the fleet. Waiting always happens on `clock`.
   */
  time?: 'clock' | 'redis';
  clock?: Clock;
  /** Longest a call waits on Redis. Default 250 ms. */
  timeoutMs?: number;
  /**
   * Without an answer from Redis in time: `open` (default) decides by a budget of this process alone, at the
   * full rate (the fleet may then exceed the account's limit; the exchange answers 429 and `Retry-After`,
   * which pauses the calls); `closed` refuses, `retryAfterMs` = `timeoutMs`.
   */
  failMode?: 'open' | 'closed';
  /** `execute` waits at most this long for budget, then fails with `RateLimitedError`. Default 5000 ms. */
  maxWaitMs?: number;
}

export interface Acquisition {
  allowed: boolean;
  /** 0 when allowed; else how long until the budget would allow a call (ms, rounded up). */
  retryAfterMs: number;
  /** `redis`, or `local` when Redis did not answer and `failMode` decided. */
  source: 'redis' | 'local';
}

/** A fleet-wide rate limit, and a policy (`compose(limit, …)`) whose calls wait on `clock` for budget. */
export interface SharedRateLimit extends Policy {
  readonly key: string;
  /** Takes one unit of budget if there is one now. Never waits on Redis longer than `timeoutMs`. */
  acquire(): Promise<Acquisition>;
  /** Pauses the account for every process for `ms` (a longer pause already on stays). */
  pause(ms: number): Promise<void>;
  subscribe(listener: (event: RateLimitEvent) => void): Unsubscribe;
  /** Releases a connection made from `url`; a `client` given stays open. */
  close(): Promise<void>;
}

/**
 * One budget per exchange account, shared by every process through Redis: GCRA in a Lua script (`EVALSHA`,
 * `EVAL` when the server lacks it), so a decision is one round trip and atomic across the fleet.
 */
export function sharedRateLimit(options: SharedRateLimitOptions): SharedRateLimit {
  const where = `sharedRateLimit ${JSON.stringify(options.key)}`;
  const key = keyName('sharedRateLimit', 'key', options.key);
  const rate = positiveNumber(where, 'ratePerSecond', options.ratePerSecond);
  const burst = positiveInt(where, 'burst', options.burst ?? 1);
  const timeoutMs = positiveNumber(where, 'timeoutMs', options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
  const maxWaitMs = options.maxWaitMs ?? 5000;
  if (typeof maxWaitMs !== 'number' || !(maxWaitMs >= 0))
    throw optionError(where, 'maxWaitMs', 'a number >= 0', maxWaitMs);
  const time = options.time ?? 'clock';
  if (time !== 'clock' && time !== 'redis') throw optionError(where, 'time', '"clock" or "redis"', time);
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed')
    throw optionError(where, 'failMode', '"open" or "closed"', failMode);
  const prefix = keyName(where, 'keyPrefix', options.keyPrefix ?? 'breakwater');
  const clock = options.clock ?? systemClock();
  const link = openRedisLink(where, options);
  const intervalMs = 1000 / rate;
  const keys = [`${prefix}:rate:${key}`, `${prefix}:rate:${key}:pause`];
  const local = new LocalGcra(intervalMs, burst);
  const events = new EventStream<RateLimitEvent>();
  const nowArg = () => (time === 'redis' ? '' : String(clock.now()));

  const acquire = async (): Promise<Acquisition> => {
    let reply: unknown;
    try {
      reply = await runScript(link.sender, timeoutMs, acquireScript, keys, [
        nowArg(),
        String(intervalMs),
        String(burst),
      ]);
    } catch (error) {
      const wait = failMode === 'open' ? local.take(clock.now()) : timeoutMs;
      const allowed = wait === 0;
      events.emit({ type: 'redis-failed', key, error, allowed });
      return { allowed, retryAfterMs: Math.ceil(wait), source: 'local' };
    }
    const [allowed, retryAfter] = reply as [number, string];
    return { allowed: allowed === 1, retryAfterMs: Math.ceil(Number(retryAfter)), source: 'redis' };
  };

  const pause = async (ms: number): Promise<void> => {
    positiveNumber(where, 'pause(ms)', ms);
    local.pause(clock.now() + ms);
    events.emit({ type: 'paused', key, ms });
    try {
      await runScript(link.sender, timeoutMs, pauseScript, [keys[1]!], [nowArg(), String(ms)]);
    } catch (error) {
      // This process still pauses (its local budget); the others learn from their own 429s.
      events.emit({ type: 'redis-failed', key, error, allowed: false });
    }
  };

  const execute = async <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> => {
    const signal = context?.signal;
    const started = clock.now();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { allowed, retryAfterMs } = await acquire();
      if (allowed) break;
      if (clock.now() - started + retryAfterMs > maxWaitMs) throw new RateLimitedError(key, retryAfterMs, maxWaitMs);
      await clock.sleep(retryAfterMs, signal);
    }
    try {
      return await operation({ signal, attempt: context?.attempt ?? 0 });
    } catch (error) {
      // The exchange asked this process to wait: the whole fleet waits (the account's budget is shared).
      const ms = retryAfterOf(error);
      if (ms > 0) await pause(ms);
      throw error;
    }
  };

  return {
    key,
    acquire,
    pause,
    execute,
    subscribe: (listener) => events.subscribe(listener),
    close: () => link.close(),
  };
}
