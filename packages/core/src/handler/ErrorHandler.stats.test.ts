import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { OTHER_KEY } from './BoundedCounter.ts';
import { createErrorContext } from './createErrorContext.ts';
import { ErrorHandler, type ErrorHandlerOptions } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

const T0 = 1_700_000_000_000;

function setup(config: ErrorHandlerConfig = {}, options: ErrorHandlerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ jitter: false, ...config }, { clock, random: seededRandom(7), ...options });
  const fail = (error: unknown, component = 'kraken', operation = 'fetchTicker') =>
    handler.handle(handler.classify(error, operation, component));
  return { clock, handler, fail };
}

/**
 * Letters only: the fingerprint keeps them (digits would be normalised away). Ends in `q`, so never an exchange
 * name.
 */
function word(i: number): string {
  let out = 'q';
  do {
    out += String.fromCharCode(97 + (i % 26));
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}

const network = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('ErrorHandler.stats', () => {
  it('starts empty, with every category and severity at 0', () => {
    const { handler } = setup();
    expect(handler.stats()).toEqual({
      totalErrors: 0,
      errorCounts: {},
      categoryCounts: { network: 0, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
      severityCounts: { low: 0, medium: 0, high: 0, critical: 0 },
      recoveryStats: {},
      circuitBreakerStates: {},
      errorRate: 0,
      topFingerprints: [],
      mode: 'live',
      storage: null,
    });
  });

  it('counts by component, category, severity, recovery action and fingerprint', async () => {
    const { handler, fail } = setup();
    await fail(network());
    await fail(network());
    await fail(new Error('order rejected'), 'binance', 'placeOrder');
    const stats = handler.stats();
    expect(stats).toEqual({
      totalErrors: 3,
      errorCounts: { kraken: 2, binance: 1 },
      categoryCounts: { network: 2, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 1 },
      severityCounts: { low: 0, medium: 3, high: 0, critical: 0 },
      // Issue #11: network_retry only proposed retries (2 successes before): nobody carried them out, nothing
      // recovered.
      recoveryStats: {},
      circuitBreakerStates: { kraken: 'CLOSED', binance: 'CLOSED' },
      errorRate: 3,
      topFingerprints: [
        {
          fingerprint: stats.topFingerprints[0]!.fingerprint,
          count: 2,
          name: 'Error',
          message: 'read ECONNRESET',
          operation: 'fetchTicker',
        },
        {
          fingerprint: stats.topFingerprints[1]!.fingerprint,
          count: 1,
          name: 'Error',
          message: 'order rejected',
          operation: 'placeOrder',
        },
      ],
      mode: 'live',
      storage: null,
    });
  });

  it('returns copies: changing a snapshot changes nothing inside', async () => {
    const { handler, fail } = setup();
    handler.addRecoveryAction({ name: 'fix', priority: 99, conditions: [], action: () => true });
    await fail(network());
    const stats = handler.stats();
    stats.errorCounts.kraken = 99;
    stats.categoryCounts.network = 99;
    stats.recoveryStats.fix!.success = 99;
    expect(handler.stats()).toMatchObject({
      errorCounts: { kraken: 1 },
      categoryCounts: { network: 1 },
      recoveryStats: { fix: { success: 1 } },
    });
  });

  it('errorRate counts the errors of the last minute', async () => {
    const { handler, fail, clock } = setup({}, { recoveryActions: [] });
    await fail(new Error('a'));
    await clock.advance(30_000);
    await fail(new Error('b'));
    await fail(new Error('c'));
    expect(handler.stats().errorRate).toBe(3);
    await clock.advance(29_999);
    expect(handler.stats().errorRate).toBe(3);
    await clock.advance(1);
    expect(handler.stats().errorRate).toBe(2);
    await clock.advance(30_000);
    expect(handler.stats().errorRate).toBe(0);
    expect(handler.stats().totalErrors).toBe(3);
  });

  it('errorRate counts when an error is handled, so an old context cannot wipe out recent counts', async () => {
    const { handler, fail } = setup({}, { recoveryActions: [] });
    for (let i = 0; i < 5; i++) await fail(new Error('now'));
    // Classified long ago (or built by hand with another time base), handled now.
    await handler.handle(createErrorContext({ operation: 'op', component: 'kraken', timestamp: T0 - 60_000 }));
    expect(handler.stats().errorRate).toBe(6);
  });

  it('topFingerprints lists the 10 most frequent, most frequent first', async () => {
    const { handler, fail } = setup({}, { recoveryActions: [] });
    for (let i = 0; i < 12; i++) for (let n = 0; n <= i; n++) await fail(new Error(`failure ${word(i)}`));
    const top = handler.stats().topFingerprints;
    expect(top.map((f) => [f.message, f.count])).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => [`failure ${word(i)}`, i + 1]),
    );
  });

  it('mode is reported', () => {
    const { handler } = setup();
    handler.setMode('paper');
    expect(handler.stats().mode).toBe('paper');
  });
});

describe('ErrorHandler: bounded memory', () => {
  it('bounds history, component counts and fingerprints over 100,000 distinct components and messages', async () => {
    const { handler, fail } = setup({ historySize: 100, maxTrackedKeys: 50 });
    const N = 100_000;
    for (let i = 0; i < N; i++) await fail(new Error(`unexpected ${word(i)}`), `component-${word(i)}`);
    const history = handler.history();
    expect(history.length).toBe(100);
    expect(history[99]).toMatchObject({ component: `component-${word(N - 1)}`, message: `unexpected ${word(N - 1)}` });
    expect(history[0]).toMatchObject({ component: `component-${word(N - 100)}` });
    const stats = handler.stats();
    expect(stats.totalErrors).toBe(N);
    expect(Object.keys(stats.errorCounts).length).toBe(51);
    expect(stats.errorCounts[OTHER_KEY]).toBe(N - 50);
    expect(Object.values(stats.errorCounts).reduce((a, b) => a + b, 0)).toBe(N);
    expect(stats.topFingerprints.length).toBe(10);
    expect(stats.topFingerprints.every((f) => f.count === 1)).toBe(true);
    expect(Object.values(stats.categoryCounts).reduce((a, b) => a + b, 0)).toBe(N);
    expect(stats.recoveryStats).toEqual({});
    expect(stats.mode).toBe('live');
  }, 60_000);

  it('component breakers are bounded', async () => {
    const { handler, fail } = setup({ maxTrackedKeys: 50 }, { recoveryActions: [] });
    for (let i = 0; i < 10_000; i++) await fail(new Error('x'), `component-${word(i)}`);
    expect(handler.breakers.all().length).toBeLessThanOrEqual(50);
  });
});
