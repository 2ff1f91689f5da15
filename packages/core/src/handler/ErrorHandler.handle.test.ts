import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import type { ErrorContext } from '../classify/ErrorContext.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { ErrorHandler, type ErrorHandlerOptions } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';
import { describeOutcome } from '../storage/ErrorOutcome.ts';
import type { HandlerEvent } from './HandlerEvent.ts';
import type { RecoveryAction } from './RecoveryAction.ts';

const T0 = 1_700_000_000_000;

function setup(config: ErrorHandlerConfig = {}, options: ErrorHandlerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ jitter: false, ...config }, { clock, random: seededRandom(7), ...options });
  const events: HandlerEvent[] = [];
  handler.subscribe((e) => events.push(e));
  return { clock, handler, events };
}

/** Events as short tuples: what happened, in order. */
function compact(e: HandlerEvent): unknown[] {
  switch (e.type) {
    case 'error.recorded':
      return [e.type, e.context.component, e.context.message];
    case 'error.settled':
      return [e.type, describeOutcome(e.outcome)];
    case 'recovery.attempted':
      return [e.type, e.action];
    case 'recovery.succeeded':
      return [e.type, e.action, e.outcome];
    case 'recovery.failed':
      return e.message === undefined ? [e.type, e.action, e.reason] : [e.type, e.action, e.reason, e.message];
    case 'recovery.skipped':
      return [e.type, e.component, e.reason];
    case 'call.retry-scheduled':
      return [e.type, e.attempt, e.delayMs];
    case 'mode.released':
      return [e.type, e.mode, e.reason];
    case 'mode.changed':
      return [e.type, e.from, e.to, e.reason];
    case 'config.changed':
      return [e.type];
    case 'breaker.state':
      return [e.type, e.name, e.from, e.to, e.reason];
    case 'breaker.call':
      return [e.type, e.name, e.outcome];
    case 'breaker.rejected':
      return [e.type, e.name, e.state];
    case 'breaker.predicate-error':
      return [e.type, e.name, e.message];
    case 'store.dropped':
    case 'store.failed':
    case 'store.restored':
      return [e.type];
  }
}

function action(
  name: string,
  priority: number,
  result: RecoveryAction['action'],
  conditions: RecoveryAction['conditions'] = [],
): RecoveryAction {
  return { name, priority, conditions, action: result };
}

describe('ErrorHandler.handle: recovery actions', () => {
  it('runs applicable actions by priority, highest first, until one succeeds', async () => {
    const ran: string[] = [];
    const log = (name: string, result: boolean) => () => (ran.push(name), result);
    const { handler, events } = setup(
      {},
      {
        recoveryActions: [
          action('low', 1, log('low', true)),
          action('high', 9, log('high', false)),
          action('mid', 5, log('mid', true)),
        ],
      },
    );
    const ctx = handler.classify(new Error('boom'), 'op', 'kraken');
    await expect(handler.handle(ctx)).resolves.toEqual({
      recovered: true,
      action: 'mid',
      outcome: { type: 'recovered' },
    });
    expect(ran).toEqual(['high', 'mid']);
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'boom'],
      ['recovery.attempted', 'high'],
      ['recovery.failed', 'high', 'failed'],
      ['recovery.attempted', 'mid'],
      ['recovery.succeeded', 'mid', 'recovered'],
      ['breaker.call', 'kraken', 'ignored'],
      ['error.settled', 'mid → recovered'],
    ]);
    expect(handler.history()[0]!.outcome).toEqual({ type: 'recovered', action: 'mid' });
    expect(handler.stats().recoveryStats).toEqual({
      high: { success: 0, failure: 1 },
      mid: { success: 1, failure: 0 },
    });
  });

  it('keeps the order actions were added in for equal priorities (defaults, then additions)', () => {
    const { handler } = setup({
      recoveryActions: {
        network_retry: { priority: 3 },
        rate_limit_wait: { priority: 3 },
        data_fallback: { priority: 3 },
        exchange_fallback: { priority: 3 },
      },
    });
    handler.addRecoveryAction(action('b', 3, () => false));
    handler.addRecoveryAction(action('a', 3, () => false));
    handler.addRecoveryAction(action('first', 4, () => false));
    expect(handler.recoveryActions.map((a) => a.name)).toEqual([
      'first',
      'network_retry',
      'rate_limit_wait',
      'data_fallback',
      'exchange_fallback',
      'b',
      'a',
    ]);
  });

  it('default order is the seed priorities: exchange 4, data 3, rate limit 2, network 1', () => {
    const { handler } = setup();
    expect(handler.recoveryActions.map((a) => [a.name, a.priority])).toEqual([
      ['exchange_fallback', 4],
      ['data_fallback', 3],
      ['rate_limit_wait', 2],
      ['network_retry', 1],
    ]);
  });

  it('runs an action only when every condition holds; no conditions means always', async () => {
    const seen: string[] = [];
    const { handler } = setup(
      {},
      {
        recoveryActions: [
          action('never', 3, () => true, [() => true, () => false]),
          action('kraken-only', 2, () => (seen.push('kraken-only'), false), [(ctx) => ctx.component === 'kraken']),
          action('always', 1, () => (seen.push('always'), false)),
        ],
      },
    );
    await handler.handle(handler.classify(new Error('x'), 'op', 'binance'));
    await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    expect(seen).toEqual(['always', 'kraken-only', 'always']);
  });

  it('a throwing action is a failure of that action (message redacted) and the next one runs', async () => {
    const { handler, events } = setup(
      {},
      {
        recoveryActions: [
          action('throws', 2, () => {
            throw new Error('POST failed with apiKey=XYZ');
          }),
          action('rejects', 1, async () => Promise.reject(new TypeError('nope'))),
          action('works', 0, async () => ({ type: 'fallback', value: 42 })),
        ],
      },
    );
    const result = await handler.handle(handler.classify(new Error('boom'), 'op', 'kraken'));
    expect(result).toEqual({ recovered: true, action: 'works', outcome: { type: 'fallback', value: 42 } });
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'boom'],
      ['recovery.attempted', 'throws'],
      ['recovery.failed', 'throws', 'threw', 'POST failed with apiKey=[REDACTED]'],
      ['recovery.attempted', 'rejects'],
      ['recovery.failed', 'rejects', 'threw', 'nope'],
      ['recovery.attempted', 'works'],
      ['recovery.succeeded', 'works', 'fallback'],
      ['breaker.call', 'kraken', 'ignored'],
      ['error.settled', 'works → served a fallback value'],
    ]);
    expect(handler.stats().recoveryStats).toEqual({
      throws: { success: 0, failure: 1 },
      rejects: { success: 0, failure: 1 },
      works: { success: 1, failure: 0 },
    });
  });

  it('a throwing condition counts as a failure of its action, never as a rejection of handle()', async () => {
    const { handler, events } = setup(
      { circuitBreaker: { failureThreshold: 1 } },
      {
        recoveryActions: [
          action('bad-condition', 2, () => true, [
            () => {
              throw new Error('condition bug');
            },
          ]),
          action('next', 1, () => false),
        ],
      },
    );
    await expect(handler.handle(handler.classify(new Error('boom'), 'op', 'kraken'))).resolves.toEqual({
      recovered: false,
    });
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'boom'],
      ['recovery.failed', 'bad-condition', 'threw', 'condition bug'],
      ['recovery.attempted', 'next'],
      ['recovery.failed', 'next', 'failed'],
      ['breaker.call', 'kraken', 'failure'],
      ['breaker.state', 'kraken', 'CLOSED', 'OPEN', 'failure-threshold'],
      ['error.settled', 'gave up'],
    ]);
    expect(handler.stats().recoveryStats['bad-condition']).toEqual({ success: 0, failure: 1 });
  });

  it('normalises what actions return: true, false, null, junk and bad delays', async () => {
    const returns: unknown[] = [];
    const outcomeOf = async (value: unknown) => {
      const { handler } = setup({}, { recoveryActions: [action('a', 1, () => value as boolean)] });
      returns.push((await handler.handle(handler.classify(new Error('x'), 'op', 'c'))).outcome ?? 'unrecovered');
    };
    for (const value of [
      true,
      false,
      null,
      undefined,
      'yes',
      1,
      { type: 'teleport' },
      { type: 'retry', delayMs: -1 },
      { type: 'retry', delayMs: NaN },
      { type: 'retry', delayMs: 250 },
      { type: 'degrade', mode: 'paper' },
    ]) {
      await outcomeOf(value);
    }
    expect(returns).toEqual([
      { type: 'recovered' },
      'unrecovered',
      'unrecovered',
      'unrecovered',
      'unrecovered',
      'unrecovered',
      'unrecovered',
      'unrecovered',
      'unrecovered',
      { type: 'retry', delayMs: 250 },
      { type: 'degrade', mode: 'paper' },
    ]);
  });

  it('hands actions the context (with the thrown value) and the tools', async () => {
    let seen: { ctx: ErrorContext; mode: string; cached: unknown; delay: number } | undefined;
    const { handler, clock } = setup(
      { baseDelayMs: 100 },
      {
        recoveryActions: [
          action('inspect', 1, (ctx, tools) => {
            seen = {
              ctx,
              mode: tools.mode,
              cached: tools.cache.get('op')?.value,
              delay: tools.backoff.calculateDelay(2),
            };
            tools.setMode('paper', 'inspect said so');
            return { type: 'recovered' };
          }),
        ],
      },
    );
    handler.recordSuccess('c', { cacheKey: 'op', value: { last: 1 } });
    const error = new Error('x');
    const ctx = handler.classify(error, 'op', 'c');
    await handler.handle(ctx);
    expect(seen).toEqual({ ctx, mode: 'live', cached: { last: 1 }, delay: 400 });
    expect(seen!.ctx.error).toBe(error);
    expect(handler.mode).toBe('paper');
    expect(clock.now()).toBe(T0);
  });

  it('addRecoveryAction refuses a second action with the same name; removeRecoveryAction reports what it did', () => {
    const { handler } = setup();
    expect(() => handler.addRecoveryAction(action('network_retry', 1, () => true))).toThrow(
      new Error('ErrorHandler.addRecoveryAction: an action named "network_retry" already exists'),
    );
    expect(handler.removeRecoveryAction('network_retry')).toBe(true);
    expect(handler.removeRecoveryAction('network_retry')).toBe(false);
    handler.addRecoveryAction(action('network_retry', 7, () => true));
    expect(handler.recoveryActions.map((a) => [a.name, a.priority])).toEqual([
      ['network_retry', 7],
      ['exchange_fallback', 4],
      ['data_fallback', 3],
      ['rate_limit_wait', 2],
    ]);
  });

  it('addRecoveryAction checks the action at the boundary', () => {
    const { handler } = setup();
    expect(() => handler.addRecoveryAction({ name: '', priority: 1, conditions: [], action: () => true })).toThrow(
      new RangeError('ErrorHandler.addRecoveryAction: name must be a non-empty string, got ""'),
    );
    expect(() => handler.addRecoveryAction({ name: 'x', priority: NaN, conditions: [], action: () => true })).toThrow(
      new RangeError('ErrorHandler.addRecoveryAction "x": priority must be a finite number, got NaN'),
    );
    expect(() =>
      handler.addRecoveryAction({ name: 'x', priority: 1, conditions: [true as never], action: () => true }),
    ).toThrow(
      new RangeError('ErrorHandler.addRecoveryAction "x": conditions must be an array of functions, got object'),
    );
    expect(() =>
      handler.addRecoveryAction({ name: 'x', priority: 1, conditions: [], action: 'retry' as never }),
    ).toThrow(new RangeError('ErrorHandler.addRecoveryAction "x": action must be a function, got "retry"'));
  });

  it('a removed default action stays removed when the handler is configured again', () => {
    const { handler } = setup();
    handler.removeRecoveryAction('data_fallback');
    handler.configure({ jitter: false, maxRetries: 5 });
    expect(handler.recoveryActions.map((a) => a.name)).toEqual([
      'exchange_fallback',
      'rate_limit_wait',
      'network_retry',
    ]);
  });

  it('added actions survive configure() and config re-prioritises the defaults', () => {
    const { handler } = setup();
    handler.addRecoveryAction(action('mine', 2, () => true));
    handler.configure({ recoveryActions: { network_retry: { priority: 10 }, exchange_fallback: { enabled: false } } });
    expect(handler.recoveryActions.map((a) => [a.name, a.priority])).toEqual([
      ['network_retry', 10],
      ['data_fallback', 3],
      ['rate_limit_wait', 2],
      ['mine', 2],
    ]);
  });

  it('constructor-given actions replace the defaults, and config does not bring them back', () => {
    const { handler } = setup({}, { recoveryActions: [action('only', 1, () => true)] });
    handler.configure({ maxRetries: 1 });
    expect(handler.recoveryActions.map((a) => a.name)).toEqual(['only']);
  });
});

describe('ErrorHandler.handle: the component breaker', () => {
  it('unrecovered errors are failures: failureThreshold of them open it, then recovery is skipped', async () => {
    let attempts = 0;
    const { handler, events } = setup(
      { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 1000 } },
      {
        recoveryActions: [action('count', 1, () => (attempts++, false))],
      },
    );
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await handler.handle(handler.classify(new Error(`boom ${i}`), 'op', 'kraken')));
    expect(results).toEqual([
      { recovered: false },
      { recovered: false },
      { recovered: false, skipped: 'breaker-open' },
    ]);
    expect(attempts).toBe(2);
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'boom 0'],
      ['recovery.attempted', 'count'],
      ['recovery.failed', 'count', 'failed'],
      ['breaker.call', 'kraken', 'failure'],
      ['error.settled', 'gave up'],
      ['error.recorded', 'kraken', 'boom 1'],
      ['recovery.attempted', 'count'],
      ['recovery.failed', 'count', 'failed'],
      ['breaker.call', 'kraken', 'failure'],
      ['breaker.state', 'kraken', 'CLOSED', 'OPEN', 'failure-threshold'],
      ['error.settled', 'gave up'],
      ['error.recorded', 'kraken', 'boom 2'],
      ['breaker.rejected', 'kraken', 'OPEN'],
      ['recovery.skipped', 'kraken', 'breaker-open'],
      ['error.settled', 'gave up (breaker open)'],
    ]);
    expect(handler.history().map((r) => r.outcome)).toEqual([
      { type: 'gave-up' },
      { type: 'gave-up' },
      { type: 'gave-up', reason: 'breaker-open' },
    ]);
    expect(handler.stats().circuitBreakerStates).toEqual({ kraken: 'OPEN' });
    expect(handler.stats().totalErrors).toBe(3);
  });

  it('recovered errors release the permit without a verdict: they never open it', async () => {
    const { handler } = setup(
      { circuitBreaker: { failureThreshold: 1 } },
      { recoveryActions: [action('ok', 1, () => true)] },
    );
    for (let i = 0; i < 5; i++) await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    expect(handler.breakers.get('kraken').stats()).toMatchObject({
      state: 'CLOSED',
      totalRequests: 0,
      failedRequests: 0,
      successfulRequests: 0,
    });
  });

  it('a recorded success clears the consecutive failures', async () => {
    const { handler } = setup({ circuitBreaker: { failureThreshold: 3 } }, { recoveryActions: [] });
    const fail = () => handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    await fail();
    await fail();
    handler.recordSuccess('kraken');
    await fail();
    await fail();
    expect(handler.breakers.get('kraken').stats()).toMatchObject({
      state: 'CLOSED',
      failureCount: 2,
      failedRequests: 4,
      successfulRequests: 1,
    });
    await fail();
    expect(handler.breakers.get('kraken').state).toBe('OPEN');
  });

  it('after recoveryTimeoutMs a recorded success half-opens and closes it', async () => {
    const { handler, events, clock } = setup(
      { circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 } },
      { recoveryActions: [] },
    );
    await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    handler.recordSuccess('kraken'); // too early: counted, but an OPEN breaker stays open
    await clock.advance(999);
    handler.recordSuccess('kraken');
    expect(handler.breakers.get('kraken').state).toBe('OPEN');
    events.length = 0;
    await clock.advance(1);
    handler.recordSuccess('kraken');
    expect(events.map(compact)).toEqual([
      ['breaker.state', 'kraken', 'OPEN', 'HALF_OPEN', 'recovery-timeout'],
      ['breaker.call', 'kraken', 'success'],
      ['breaker.state', 'kraken', 'HALF_OPEN', 'CLOSED', 'half-open-success'],
    ]);
    expect(handler.stats().circuitBreakerStates).toEqual({ kraken: 'CLOSED' });
  });

  it('after recoveryTimeoutMs an error half-opens it: recovery runs again; unrecovered, it reopens', async () => {
    let result = false;
    const { handler, events, clock } = setup(
      { circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 } },
      {
        recoveryActions: [action('flip', 1, () => result)],
      },
    );
    await handler.handle(handler.classify(new Error('a'), 'op', 'kraken'));
    await clock.advance(1000);
    events.length = 0;
    result = true;
    await expect(handler.handle(handler.classify(new Error('b'), 'op', 'kraken'))).resolves.toMatchObject({
      recovered: true,
    });
    // Recovered: no verdict, the breaker waits HALF_OPEN for a real outcome.
    expect(handler.breakers.get('kraken').state).toBe('HALF_OPEN');
    result = false;
    await expect(handler.handle(handler.classify(new Error('c'), 'op', 'kraken'))).resolves.toEqual({
      recovered: false,
    });
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'b'],
      ['breaker.state', 'kraken', 'OPEN', 'HALF_OPEN', 'recovery-timeout'],
      ['recovery.attempted', 'flip'],
      ['recovery.succeeded', 'flip', 'recovered'],
      ['breaker.call', 'kraken', 'ignored'],
      ['error.settled', 'flip → recovered'],
      ['error.recorded', 'kraken', 'c'],
      ['recovery.attempted', 'flip'],
      ['recovery.failed', 'flip', 'failed'],
      ['breaker.call', 'kraken', 'failure'],
      ['breaker.state', 'kraken', 'HALF_OPEN', 'OPEN', 'half-open-failure'],
      ['error.settled', 'gave up'],
    ]);
  });

  it('while HALF_OPEN a second concurrent error is skipped (one trial at a time)', async () => {
    let release!: (v: boolean) => void;
    const { handler, events, clock } = setup(
      { circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 1000 } },
      {
        recoveryActions: [action('slow', 1, () => new Promise<boolean>((r) => (release = r)))],
      },
    );
    release = () => undefined;
    const first = handler.handle(handler.classify(new Error('a'), 'op', 'kraken'));
    release(false);
    await first;
    await clock.advance(1000);
    const trial = handler.handle(handler.classify(new Error('b'), 'op', 'kraken'));
    events.length = 0;
    await expect(handler.handle(handler.classify(new Error('c'), 'op', 'kraken'))).resolves.toEqual({
      recovered: false,
      skipped: 'breaker-open',
    });
    release(true);
    await expect(trial).resolves.toMatchObject({ recovered: true, action: 'slow' });
    expect(events.map(compact)).toEqual([
      ['error.recorded', 'kraken', 'c'],
      ['breaker.rejected', 'kraken', 'HALF_OPEN'],
      ['recovery.skipped', 'kraken', 'breaker-open'],
      ['error.settled', 'gave up (breaker open)'],
      ['recovery.succeeded', 'slow', 'recovered'],
      ['breaker.call', 'kraken', 'ignored'],
      ['error.settled', 'slow → recovered'],
    ]);
  });

  it('component breakers use the configured settings and live in the handler registry', async () => {
    const { handler } = setup({
      circuitBreaker: { failureThreshold: 7, recoveryTimeoutMs: 1234, halfOpenMaxCalls: 2, successThreshold: 3 },
    });
    await handler.handle(handler.classify(new Error('x'), 'op', 'kraken'));
    const breaker = handler.getCircuitBreaker('kraken');
    expect([
      breaker.failureThreshold,
      breaker.recoveryTimeoutMs,
      breaker.halfOpenMaxCalls,
      breaker.successThreshold,
    ]).toEqual([7, 1234, 2, 3]);
    expect(handler.breakers.all()).toEqual([breaker]);
  });

  it('getCircuitBreaker is get-or-create: one name, one breaker', () => {
    const registry = new BreakerRegistry();
    const { handler } = setup({}, { registry });
    const kraken = handler.getCircuitBreaker('kraken', { failureThreshold: 2 });
    expect(handler.getCircuitBreaker('kraken')).toBe(kraken);
    expect(registry.get('kraken')).toBe(kraken);
    expect(kraken.failureThreshold).toBe(2);
    expect(() => handler.getCircuitBreaker('kraken', { failureThreshold: 3 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with failureThreshold 2; asked for 3'),
    );
  });
});

describe('ErrorHandler.handle: records', () => {
  it('keeps history newest last, without the thrown value', async () => {
    const { handler } = setup({ historySize: 2 }, { recoveryActions: [] });
    for (const message of ['a', 'b', 'c']) await handler.handle(handler.classify(new Error(message), 'op', 'kraken'));
    const history = handler.history();
    expect(history.map((r) => r.message)).toEqual(['b', 'c']);
    expect(history.every((r) => !('error' in r))).toBe(true);
    expect(handler.stats().totalErrors).toBe(3);
  });

  it('the context handed in keeps its thrown value (only the record drops it)', async () => {
    const { handler } = setup({}, { recoveryActions: [] });
    const error = new Error('x');
    const ctx = handler.classify(error, 'op', 'kraken');
    await handler.handle(ctx);
    expect(ctx.error).toBe(error);
  });

  it('counts hand-made contexts too', async () => {
    const { handler } = setup({}, { recoveryActions: [] });
    await handler.handle({
      ...handler.classify(new Error('x'), 'op', 'kraken'),
      category: 'memory',
      severity: 'critical',
    });
    expect(handler.stats()).toMatchObject({
      totalErrors: 1,
      errorCounts: { kraken: 1 },
      categoryCounts: { memory: 1, network: 0 },
      severityCounts: { critical: 1, medium: 0 },
    });
  });
});
