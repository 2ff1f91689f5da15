import { describe, expect, it, vi } from 'vitest';
import type { BreakerEvent } from '../breaker/BreakerEvent.ts';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import type { RetryEvent } from '../retry/RetryEvent.ts';
import { RetryHandler } from '../retry/RetryHandler.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { compose } from './compose.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';
import { retrying } from './retrying.ts';
import { timeout } from './timeout.ts';
import { withCircuitBreaker } from './withCircuitBreaker.ts';

/** A policy that only records when it is entered and left, and what context it was given. */
function traced(name: string, log: string[], inner?: Partial<ExecutionContext>): Policy {
  return {
    execute<T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> {
      log.push(`enter ${name} attempt=${context?.attempt ?? '-'}`);
      return Promise.resolve(operation({ signal: context?.signal, attempt: context?.attempt ?? 0, ...inner })).finally(
        () => log.push(`exit ${name}`),
      );
    },
  };
}

function setup() {
  const clock = new ManualClock();
  const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 2, recoveryTimeoutMs: 1000 } });
  const breakerEvents: BreakerEvent[] = [];
  registry.subscribe((e) => breakerEvents.push(e));
  return { clock, registry, breakerEvents };
}

describe('compose', () => {
  it('nests policies outermost first', async () => {
    const log: string[] = [];
    const result = await compose(traced('a', log), traced('b', log), traced('c', log)).execute(() => {
      log.push('operation');
      return 1;
    });
    expect(result).toBe(1);
    expect(log).toEqual([
      'enter a attempt=0',
      'enter b attempt=0',
      'enter c attempt=0',
      'operation',
      'exit c',
      'exit b',
      'exit a',
    ]);
  });

  it('hands each policy the context set by the ones outside it; the operation gets the innermost', async () => {
    const log: string[] = [];
    const s1 = new AbortController().signal;
    const s2 = new AbortController().signal;
    const seen: ExecutionContext[] = [];
    await compose(traced('a', log, { attempt: 4, signal: s1 }), traced('b', log, { signal: s2 })).execute((ctx) =>
      seen.push(ctx),
    );
    expect(seen).toEqual([{ signal: s2, attempt: 4 }]);
    expect(log[1]).toBe('enter b attempt=4');
  });

  it('with no policies just runs the operation, a sync throw becoming a rejection', async () => {
    await expect(compose().execute(() => 'plain')).resolves.toBe('plain');
    const error = new Error('sync');
    let result: Promise<never> | undefined;
    expect(() => {
      result = compose().execute(() => {
        throw error;
      });
    }).not.toThrow();
    await expect(result).rejects.toBe(error);
  });

  it('retrying() outside timeout(): a timeout per attempt', async () => {
    const { clock } = setup();
    const policy = compose(retrying({ clock, baseDelayMs: 10, jitter: false }), timeout(50, { clock }));
    const seen: number[] = [];
    const result = policy.execute(async ({ attempt, signal }) => {
      seen.push(clock.now());
      // Attempts 0 and 1 hang until the timeout aborts them.
      if (attempt < 2) await new Promise((resolve) => void clock.sleep(1000, signal).then(resolve, resolve));
      return `attempt ${attempt}`;
    });
    await clock.runAll();
    await expect(result).resolves.toBe('attempt 2');
    // attempt 0 at 0 times out at 50, waits 10; attempt 1 at 60 times out at 110, waits 20; attempt 2 at 130.
    expect(seen).toEqual([0, 60, 130]);
  });

  it('retrying() outside withCircuitBreaker() outside timeout(): timeouts count as breaker failures', async () => {
    const { clock, registry, breakerEvents } = setup();
    const policy = compose(
      retrying({ clock, baseDelayMs: 10, jitter: false }),
      withCircuitBreaker('kraken', { registry }),
      timeout(50, { clock }),
    );
    const result = policy.execute(async ({ attempt, signal }) => {
      if (attempt === 0) await new Promise((resolve) => signal!.addEventListener('abort', resolve));
      return 'ticker';
    });
    await clock.runAll();
    await expect(result).resolves.toBe('ticker');
    expect(breakerEvents).toEqual([
      { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 50, at: 50 },
      { type: 'breaker.call', name: 'kraken', outcome: 'success', durationMs: 0, at: 60 },
    ]);
  });

  it('a breaker opened by retried failures refuses later attempts; the retry waits for it to half-open', async () => {
    const { clock, registry, breakerEvents } = setup();
    const retry = retrying({ clock, baseDelayMs: 100, jitter: false, maxRetries: 4 });
    const retryEvents: RetryEvent[] = [];
    retry.handler.subscribe((e) => retryEvents.push(e));
    const policy = compose(retry, withCircuitBreaker('kraken', { registry }));
    const op = vi.fn(({ attempt }: ExecutionContext) =>
      attempt < 2 ? Promise.reject(new Error('502')) : Promise.resolve('up'),
    );
    const result = policy.execute(op);
    await clock.runAll();
    await expect(result).resolves.toBe('up');
    // Failures at 0 and 100 open the breaker at 100; the attempt at 300 is refused (800 ms left), so the retry
    // waits 800 rather than 400; the trial at 1100 succeeds and closes the breaker.
    expect(op.mock.calls.map((call) => call[0].attempt)).toEqual([0, 1, 3]);
    expect(retryEvents).toEqual([
      { type: 'retry.scheduled', attempt: 0, delayMs: 100, errorName: 'Error', at: 0 },
      { type: 'retry.scheduled', attempt: 1, delayMs: 200, errorName: 'Error', at: 100 },
      { type: 'retry.scheduled', attempt: 2, delayMs: 800, errorName: 'CircuitOpenError', at: 300 },
    ]);
    expect(breakerEvents).toEqual([
      { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 0, at: 0 },
      { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 0, at: 100 },
      { type: 'breaker.state', name: 'kraken', from: 'CLOSED', to: 'OPEN', at: 100, reason: 'failure-threshold' },
      { type: 'breaker.rejected', name: 'kraken', state: 'OPEN', retryAfterMs: 800, at: 300 },
      { type: 'breaker.state', name: 'kraken', from: 'OPEN', to: 'HALF_OPEN', at: 1100, reason: 'recovery-timeout' },
      { type: 'breaker.call', name: 'kraken', outcome: 'success', durationMs: 0, at: 1100 },
      { type: 'breaker.state', name: 'kraken', from: 'HALF_OPEN', to: 'CLOSED', at: 1100, reason: 'half-open-success' },
    ]);
  });

  it('an isolated breaker stops the retries at once (CircuitOpenError without retryAfterMs)', async () => {
    const { clock, registry } = setup();
    registry.get('kraken').isolate();
    const op = vi.fn(() => 'never');
    const result = compose(retrying({ clock }), withCircuitBreaker('kraken', { registry })).execute(op);
    await expect(result).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(result).rejects.toMatchObject({ retryAfterMs: undefined, retryable: false });
    expect(op).not.toHaveBeenCalled();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('withCircuitBreaker() outside retrying(): the breaker sees one call per retried sequence', async () => {
    const { clock, registry } = setup();
    const result = compose(withCircuitBreaker('kraken', { registry }), retrying({ clock, maxRetries: 2 })).execute(() =>
      Promise.reject(new Error('down')),
    );
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toThrow('down');
    expect(registry.get('kraken').stats()).toMatchObject({ failedRequests: 1, failureCount: 1, state: 'CLOSED' });
  });

  it('an abort during the backoff wait rejects at once with the reason, leaving no sleeps behind', async () => {
    const { clock, registry } = setup();
    const controller = new AbortController();
    const op = vi.fn(() => Promise.reject(new Error('down')));
    const result = compose(
      retrying({ clock, baseDelayMs: 1000, jitter: false }),
      withCircuitBreaker('kraken', { registry }),
      timeout(50, { clock }),
    ).execute(op, { signal: controller.signal });
    await clock.advance(500);
    expect(clock.pendingSleeps).toBe(1);
    const reason = new Error('shutdown');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(clock.pendingSleeps).toBe(0);
    expect(clock.now()).toBe(500);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('an abort during an attempt reaches the operation through the timeout signal', async () => {
    const { clock } = setup();
    const controller = new AbortController();
    let inner: AbortSignal | undefined;
    const result = compose(retrying({ clock }), timeout(1000, { clock })).execute(
      ({ signal }) => {
        inner = signal;
        return new Promise<never>(() => undefined);
      },
      { signal: controller.signal },
    );
    controller.abort('stop');
    await expect(result).rejects.toBe('stop');
    expect(inner!.aborted).toBe(true);
    expect(inner!.reason).toBe('stop');
    expect(clock.pendingSleeps).toBe(0);
  });

  it('non-Error throws pass through every layer unchanged', async () => {
    const { clock, registry } = setup();
    for (const value of ['boom', undefined]) {
      const result = compose(
        retrying({ clock, maxRetries: 1 }),
        withCircuitBreaker(`odd-${String(value)}`, { registry }),
        timeout(50, { clock }),
      ).execute(() => {
        throw value;
      });
      result.catch(() => undefined);
      await clock.runAll();
      await expect(result).rejects.toBe(value);
    }
  });

  it('as a higher-order function: async, `this` and arguments kept, retried through the whole chain', async () => {
    const { clock, registry } = setup();
    const api = {
      failures: 1,
      get: compose(
        retrying({ clock, baseDelayMs: 5, jitter: false }),
        withCircuitBreaker('api', { registry }),
        timeout(50, { clock }),
      )(function (this: { failures: number }, path: string) {
        if (this.failures-- > 0) throw new Error('flaky');
        return `GET ${path}`;
      }),
    };
    const result = api.get('/ticker');
    expect(result).toBeInstanceOf(Promise);
    await clock.runAll();
    await expect(result).resolves.toBe('GET /ticker');
  });

  it('a TimeoutError from the last attempt is what the caller gets', async () => {
    const { clock } = setup();
    const result = compose(
      retrying({ clock, maxRetries: 1, baseDelayMs: 1, jitter: false }),
      timeout(20, { clock }),
    ).execute(() => new Promise<never>(() => undefined));
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toBeInstanceOf(TimeoutError);
    expect(clock.now()).toBe(41);
  });

  describe('Retry-After in the retry half', () => {
    const limited = (seconds: string) =>
      Object.assign(new Error('429'), { name: 'RateLimited', status: 429, headers: { 'retry-after': seconds } });

    it('a raw Retry-After header sets the wait, with a breaker (the fused path) or a timeout inside', async () => {
      for (const inner of ['breaker', 'timeout'] as const) {
        const { clock, registry } = setup();
        const retry = retrying({ clock, baseDelayMs: 10, jitter: false });
        const events: RetryEvent[] = [];
        retry.handler.subscribe((e) => events.push(e));
        const policy = compose(
          retry,
          inner === 'breaker' ? withCircuitBreaker('kraken', { registry }) : timeout(50, { clock }),
        );
        const op = vi.fn(({ attempt }: ExecutionContext) =>
          attempt === 0 ? Promise.reject(limited('2')) : Promise.resolve('ok'),
        );
        const result = policy.execute(op);
        await clock.runAll();
        await expect(result).resolves.toBe('ok');
        expect(events).toEqual([
          { type: 'retry.scheduled', attempt: 0, delayMs: 2000, errorName: 'RateLimited', at: 0 },
        ]);
      }
    });

    it('a wait above maxRetryAfterMs gives up at once with that error; the breaker counted one failure', async () => {
      const { clock, registry, breakerEvents } = setup();
      const retry = retrying({ clock, baseDelayMs: 10, maxDelayMs: 1000, jitter: false });
      const events: RetryEvent[] = [];
      retry.handler.subscribe((e) => events.push(e));
      const error = limited('31536000');
      const op = vi.fn(() => Promise.reject(error));
      await expect(compose(retry, withCircuitBreaker('kraken', { registry })).execute(op)).rejects.toBe(error);
      await expect(compose(retry, timeout(50, { clock })).execute(op)).rejects.toBe(error);
      expect(op).toHaveBeenCalledTimes(2);
      expect(clock.pendingSleeps).toBe(0);
      const gaveUp = {
        type: 'retry.gave-up',
        attempts: 1,
        reason: 'retry-after-too-long',
        retryAfterMs: 31_536_000_000,
        maxRetryAfterMs: 1000,
        errorName: 'RateLimited',
        at: 0,
      };
      expect(events).toEqual([gaveUp, gaveUp]);
      expect(breakerEvents).toEqual([
        { type: 'breaker.call', name: 'kraken', outcome: 'failure', durationMs: 0, at: 0 },
      ]);
    });
  });

  it('re-throws the very value when its getters throw, via the fused retry+breaker path and the plain', async () => {
    const { clock, registry } = setup();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const nameless = Object.defineProperty(new Error('x'), 'name', {
      get() {
        throw new Error('no name');
      },
    });
    // The breaker's own predicate is left out of this: it counts every error here.
    const chains = [
      () => compose(retrying({ clock }), withCircuitBreaker('kraken', { registry, isFailure: () => true })),
      () => compose(retrying({ clock }), timeout(50, { clock })),
      () => compose(retrying({ clock })),
    ];
    for (const thrown of [proxy, nameless]) {
      for (const chain of chains) {
        let calls = 0;
        let reason: unknown;
        // Not awaited: resolving a promise with a Proxy reads its `then`.
        chain()
          .execute(() => {
            calls++;
            throw thrown;
          })
          .catch((e: unknown) => {
            reason = e;
          });
        await clock.runAll();
        expect(reason === thrown).toBe(true);
        expect(calls).toBe(1);
      }
    }
  });

  it('a retry right around a breaker is fused: the breaker makes each attempt and hands failures back', async () => {
    const { clock, registry } = setup();
    class CountingRetry extends RetryHandler {}
    for (const retry of [retrying({ clock, jitter: false }), retrying(new CountingRetry({ clock, jitter: false }))]) {
      const breaker = withCircuitBreaker('kraken', { registry });
      // `attempt` is @internal: absent from the declarations this file is type-checked against.
      const attempt = vi.spyOn(breaker as unknown as { attempt: (...args: unknown[]) => unknown }, 'attempt');
      const execute = vi.spyOn(breaker, 'execute');
      let calls = 0;
      const result = compose(retry, breaker).execute(() => (++calls === 1 ? Promise.reject(new Error('502')) : 'up'));
      await clock.runAll();
      await expect(result).resolves.toBe('up');
      // The first attempt goes through `attempt`; the retry after its failure through `execute`.
      expect([attempt.mock.calls.length, execute.mock.calls.length]).toEqual([1, 1]);
    }
  });
});
