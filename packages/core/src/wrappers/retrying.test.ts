import { describe, expect, it, vi } from 'vitest';
import type { RetryEvent } from '../retry/RetryEvent.ts';
import { RetryHandler } from '../retry/RetryHandler.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { retrying } from './retrying.ts';

describe('retrying', () => {
  it('builds a RetryHandler from options (validated), or uses the one given', () => {
    const policy = retrying({ maxRetries: 5, baseDelayMs: 10 });
    expect(policy.handler).toBeInstanceOf(RetryHandler);
    expect([policy.handler.maxRetries, policy.handler.baseDelayMs]).toEqual([5, 10]);
    const handler = new RetryHandler();
    expect(retrying(handler).handler).toBe(handler);
    expect(() => retrying({ maxRetries: -1 })).toThrow(
      new RangeError('RetryHandler: maxRetries must be a non-negative integer, got -1'),
    );
  });

  it('as a higher-order function: a sync function becomes async, is retried, keeps `this` and arguments', async () => {
    const clock = new ManualClock();
    const calls: number[] = [];
    const counter = {
      failuresLeft: 2,
      next: retrying({ clock, baseDelayMs: 100, jitter: false })(function (
        this: { failuresLeft: number },
        step: number,
      ) {
        calls.push(clock.now());
        if (this.failuresLeft-- > 0) throw new Error('busy');
        return step * 10;
      }),
    };
    const result = counter.next(4);
    expect(result).toBeInstanceOf(Promise);
    await clock.runAll();
    await expect(result).resolves.toBe(40);
    expect(calls).toEqual([0, 100, 300]);
  });

  it('re-throws the last error itself; events come from the handler', async () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({ clock, baseDelayMs: 100, jitter: false, maxRetries: 1 });
    const events: RetryEvent[] = [];
    handler.subscribe((e) => events.push(e));
    const errors = [new Error('a'), new Error('b')];
    let i = 0;
    const result = retrying(handler)(async () => {
      throw errors[i++];
    })();
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBe(errors[1]);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
      { type: 'retry.gave-up', attempts: 2, reason: 'exhausted', errorName: 'Error', at: 100 },
    ]);
  });

  it('non-Error throws (strings, undefined) come back unchanged', async () => {
    const clock = new ManualClock();
    for (const value of ['boom', undefined]) {
      const result = retrying({ clock, maxRetries: 1 })(() => {
        throw value;
      })();
      result.catch(() => undefined);
      await clock.runAll();
      await expect(result).rejects.toBe(value);
    }
  });

  it('as a Policy: the operation gets the attempt and the caller signal', async () => {
    const clock = new ManualClock();
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    const result = retrying({ clock, baseDelayMs: 1, jitter: false }).execute(
      (ctx) => {
        seen.push(ctx);
        if (ctx.attempt < 2) throw new Error('again');
        return 'ok';
      },
      { signal },
    );
    await clock.runAll();
    await expect(result).resolves.toBe('ok');
    expect(seen).toEqual([
      { signal, attempt: 0 },
      { signal, attempt: 1 },
      { signal, attempt: 2 },
    ]);
  });

  it('as a Policy: an abort during the backoff wait rejects at once with the reason', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const op = vi.fn(() => Promise.reject(new Error('down')));
    const result = retrying({ clock, baseDelayMs: 1000 }).execute(op, { signal: controller.signal });
    await clock.advance(10);
    expect(clock.pendingSleeps).toBe(1);
    controller.abort('stop');
    await expect(result).rejects.toBe('stop');
    expect(clock.pendingSleeps).toBe(0);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('rejects misuse with a TypeError', () => {
    const policy = retrying() as unknown as (...args: unknown[]) => unknown;
    expect(() => policy('nope')).toThrow(
      new TypeError('retrying() takes a function, or decorates a method; got 1 argument(s)'),
    );
  });

  it('honours a raw Retry-After header, and gives up at once on one longer than maxRetryAfterMs', async () => {
    const clock = new ManualClock();
    const handler = new RetryHandler({ clock, baseDelayMs: 100, jitter: false, maxRetryAfterMs: 5000 });
    const events: RetryEvent[] = [];
    handler.subscribe((e) => events.push(e));
    const limited = (seconds: string) =>
      Object.assign(new Error('429'), { name: 'RateLimited', status: 429, headers: { 'Retry-After': seconds } });
    const waits = [limited('3'), limited('3600')];
    const calls: number[] = [];
    const result = retrying(handler)(async () => {
      calls.push(clock.now());
      throw waits[calls.length - 1];
    })();
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBe(waits[1]);
    expect(calls).toEqual([0, 3000]);
    expect(events).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 3000, errorName: 'RateLimited', at: 0 },
      {
        type: 'retry.gave-up',
        attempts: 2,
        reason: 'retry-after-too-long',
        retryAfterMs: 3_600_000,
        maxRetryAfterMs: 5000,
        errorName: 'RateLimited',
        at: 3000,
      },
    ]);
  });

  it('as a Policy: retryAfterMs 1e308 gives up at once (no endless sleep)', async () => {
    const clock = new ManualClock();
    const error = { retryAfterMs: 1e308 };
    const op = vi.fn(() => Promise.reject(error));
    await expect(retrying({ clock }).execute(op)).rejects.toBe(error);
    expect(op).toHaveBeenCalledTimes(1);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('re-throws the very value when its getters throw (revoked Proxy, throwing name), without retrying', async () => {
    const clock = new ManualClock();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const nameless = Object.defineProperty(new Error('x'), 'name', {
      get() {
        throw new Error('no name');
      },
    });
    for (const thrown of [proxy, nameless]) {
      // A plain function: a vi.fn spy inspects what its implementation throws.
      let calls = 0;
      const fn = () => {
        calls++;
        throw thrown;
      };
      let reason: unknown;
      // Not awaited: resolving a promise with a Proxy reads its `then`.
      retrying({ clock })(fn)().catch((e: unknown) => {
        reason = e;
      });
      await clock.runAll();
      expect(reason === thrown).toBe(true);
      expect(calls).toBe(1);
    }
  });
});
