import { afterEach, describe, expect, it } from 'vitest';
import { ErrorHandler, type ErrorHandlerOptions } from '../handler/ErrorHandler.ts';
import { getGlobalErrorHandler, resetGlobalErrorHandler } from '../handler/globalErrorHandler.ts';
import type { HandlerEvent } from '../handler/HandlerEvent.ts';
import type { RecoveryAction } from '../handler/RecoveryAction.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { errorContext } from './errorContext.ts';

const T0 = 1_700_000_000_000;

function setup(options: ErrorHandlerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ jitter: false }, { clock, ...options });
  const events: HandlerEvent[] = [];
  handler.subscribe((e) => events.push(e));
  return { clock, handler, events, types: () => events.map((e) => e.type) };
}

/** An action that waits for `clock` before it recovers: recovery is visibly still running until then. */
const slow = (clock: ManualClock): RecoveryAction => ({
  name: 'slow',
  priority: 1,
  conditions: [],
  action: async () => {
    await clock.sleep(100);
    return true;
  },
});

afterEach(() => {
  resetGlobalErrorHandler();
});

describe('errorContext', () => {
  it('returns a sync result synchronously (not a promise) and records nothing', () => {
    const { handler } = setup();
    const result = errorContext({ operation: 'op', component: 'c', handler }, () => 42);
    expect(result).toBe(42);
    expect(handler.stats().totalErrors).toBe(0);
  });

  it('sync throw: records at once, re-throws the same error synchronously, recovers in the background', async () => {
    const { handler, clock, types } = setup({ recoveryActions: [] });
    handler.addRecoveryAction(slow(clock));
    const error = new Error('boom');
    let caught: unknown;
    try {
      errorContext({ operation: 'op', component: 'c', handler }, () => {
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expect(handler.history().map((r) => [r.operation, r.component, r.message])).toEqual([['op', 'c', 'boom']]);
    expect(types()).toEqual(['error.recorded', 'recovery.attempted']);
    await clock.runAll();
    expect(types()).toEqual([
      'error.recorded',
      'recovery.attempted',
      'recovery.succeeded',
      'breaker.call',
      'error.settled',
    ]);
  });

  it('async: resolves to the value; on rejection re-throws the same error after recovery has run', async () => {
    const { handler, clock, types } = setup({ recoveryActions: [] });
    handler.addRecoveryAction(slow(clock));
    await expect(errorContext({ operation: 'op', component: 'c', handler }, async () => 'ok')).resolves.toBe('ok');
    const error = new Error('async boom');
    const result = errorContext({ operation: 'op', component: 'c', handler }, async () => {
      throw error;
    });
    let settled = false;
    result.then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.advance(99);
    expect(settled).toBe(false);
    await clock.advance(1);
    await expect(result).rejects.toBe(error);
    expect(types()).toEqual([
      'error.recorded',
      'recovery.attempted',
      'recovery.succeeded',
      'breaker.call',
      'error.settled',
    ]);
  });

  it('re-throws even when recovery succeeds, and the failure counts for the component', async () => {
    const { handler } = setup({ recoveryActions: [{ name: 'fix', priority: 1, conditions: [], action: () => true }] });
    const error = new Error('x');
    await expect(
      errorContext({ operation: 'op', component: 'kraken', handler }, () => Promise.reject(error)),
    ).rejects.toBe(error);
    expect(handler.stats()).toMatchObject({
      totalErrors: 1,
      errorCounts: { kraken: 1 },
      recoveryStats: { fix: { success: 1, failure: 0 } },
    });
  });

  it('records redacted metadata', () => {
    const { handler } = setup({ recoveryActions: [] });
    expect(() =>
      errorContext({ operation: 'op', component: 'c', handler, metadata: { apiKey: 'abc', symbol: 'BTC/USD' } }, () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(handler.history()[0]!.metadata).toEqual({ apiKey: '[REDACTED]', symbol: 'BTC/USD' });
  });

  it('a non-Error thrown value comes back unchanged', async () => {
    const { handler } = setup({ recoveryActions: [] });
    await expect(
      errorContext({ operation: 'op', component: 'c', handler }, () => Promise.reject('plain string')),
    ).rejects.toBe('plain string');
    expect(handler.history()[0]).toMatchObject({ name: 'string', message: 'plain string' });
  });

  it('uses the global handler when given none', () => {
    expect(() =>
      errorContext({ operation: 'op', component: 'c' }, () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(getGlobalErrorHandler().stats().totalErrors).toBe(1);
  });

  it('checks operation and component before running anything', () => {
    let ran = false;
    expect(() => errorContext({ operation: 'op', component: '' }, () => (ran = true))).toThrow(
      new TypeError('errorContext: options.operation and options.component must be non-empty strings'),
    );
    expect(ran).toBe(false);
  });
});
