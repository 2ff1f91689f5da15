import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.ts';

const T0 = 1_700_000_000_000;
const TIMEOUT = 10_000;

/** A breaker tripped at T0, with one trial admitted at T0 + TIMEOUT that never settles unless told to. */
function hungTrial(options: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock(T0);
  const breaker = new CircuitBreaker({
    name: 'kraken',
    clock,
    failureThreshold: 1,
    recoveryTimeoutMs: TIMEOUT,
    ...options,
  });
  breaker.recordFailure();
  const states: string[] = [];
  breaker.onStateChange((e) => states.push(`${e.from}→${e.to} (${e.reason})`));
  clock.set(T0 + TIMEOUT);
  let settle!: (outcome: 'ok' | 'fail') => void;
  const result = breaker.call(
    () =>
      new Promise<string>((resolve, reject) => {
        settle = (outcome) => (outcome === 'ok' ? resolve('late') : reject(new Error('late failure')));
      }),
  );
  const settled = result.then(
    (v) => `ok:${v}`,
    (e: unknown) => `err:${(e as Error).message}`,
  );
  return { clock, breaker, states, settle: (outcome: 'ok' | 'fail') => settle(outcome), settled };
}

describe('CircuitBreaker: maxHalfOpenWaitMs', () => {
  it('defaults to recoveryTimeoutMs; Infinity and 0 are allowed', () => {
    expect(new CircuitBreaker({ name: 'a', recoveryTimeoutMs: 30_000 }).maxHalfOpenWaitMs).toBe(30_000);
    expect(new CircuitBreaker({ name: 'b' }).maxHalfOpenWaitMs).toBe(60_000);
    expect(new CircuitBreaker({ name: 'c', maxHalfOpenWaitMs: Infinity }).maxHalfOpenWaitMs).toBe(Infinity);
    expect(new CircuitBreaker({ name: 'd', maxHalfOpenWaitMs: 0 }).maxHalfOpenWaitMs).toBe(0);
  });

  it.each([
    [-1, '-1'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    ['5', '"5"'],
  ])('rejects %s, naming the breaker and the option', (value, shown) => {
    expect(() => new CircuitBreaker({ name: 'kraken', maxHalfOpenWaitMs: value as number })).toThrow(
      new RangeError(
        `CircuitBreaker "kraken": maxHalfOpenWaitMs must be a number >= 0 (Infinity: wait forever), got ${shown}`,
      ),
    );
  });

  it('a trial hanging past maxHalfOpenWaitMs reopens the breaker on its own (no call needed), one event', async () => {
    const { clock, breaker, states } = hungTrial();
    expect(breaker.state).toBe('HALF_OPEN');
    await clock.advance(TIMEOUT - 1);
    expect(breaker.state).toBe('HALF_OPEN');
    await clock.advance(1);
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-timeout)']);
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + 2 * TIMEOUT });
    expect(breaker.retryAfterMs).toBe(TIMEOUT);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('the abandoned trial’s late result is counted but moves nothing; its slot was released', async () => {
    for (const outcome of ['ok', 'fail'] as const) {
      const { clock, breaker, states, settle, settled } = hungTrial();
      await clock.advance(TIMEOUT);
      settle(outcome);
      expect(await settled).toBe(outcome === 'ok' ? 'ok:late' : 'err:late failure');
      expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-timeout)']);
      expect(breaker.stats()).toMatchObject({
        state: 'OPEN',
        successfulRequests: outcome === 'ok' ? 1 : 0,
        failedRequests: outcome === 'ok' ? 1 : 2,
      });
      // The next period admits a fresh trial: the hung one no longer holds the only slot.
      clock.set(T0 + 3 * TIMEOUT);
      expect(breaker.call(() => 'fresh')).toBe('fresh');
      expect(breaker.state).toBe('CLOSED');
    }
  });

  it('an idle HALF_OPEN breaker read via state/stats/snapshot after the wait is OPEN (clock set, not advanced)', () => {
    for (const read of [
      (b: CircuitBreaker) => b.state,
      (b: CircuitBreaker) => b.stats().state,
      (b: CircuitBreaker) => b.snapshot().state,
    ]) {
      const { clock, breaker, states } = hungTrial();
      clock.set(T0 + 2 * TIMEOUT);
      expect(read(breaker)).toBe('OPEN');
      expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-timeout)']);
      expect(breaker.stats().openedAt).toBe(T0 + 2 * TIMEOUT);
    }
  });

  it('a saturated HALF_OPEN breaker past the wait refuses the call it reopens on, with the full timeout', () => {
    const { clock, breaker, states } = hungTrial();
    clock.set(T0 + 2 * TIMEOUT + 5);
    expect(() => breaker.call(() => 'never')).toThrow(
      expect.objectContaining({ name: 'CircuitOpenError', retryAfterMs: TIMEOUT - 5 }),
    );
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→OPEN (half-open-timeout)']);
  });

  it('a trial that settles in time cancels the wait: the stale wake-up is a no-op and no sleep is left', async () => {
    const { clock, breaker, states, settle, settled } = hungTrial();
    await clock.advance(TIMEOUT - 1);
    settle('ok');
    await settled;
    expect(breaker.state).toBe('CLOSED');
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(TIMEOUT);
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)', 'HALF_OPEN→CLOSED (half-open-success)']);
  });

  it('maxHalfOpenWaitMs Infinity waits forever, with no sleep scheduled', async () => {
    const { clock, breaker, states } = hungTrial({ maxHalfOpenWaitMs: Infinity });
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(100 * TIMEOUT);
    expect(breaker.state).toBe('HALF_OPEN');
    expect(states).toEqual(['OPEN→HALF_OPEN (recovery-timeout)']);
  });

  it('its own wait, shorter than the recovery timeout', async () => {
    const { clock, breaker, states } = hungTrial({ maxHalfOpenWaitMs: 2_000 });
    await clock.advance(2_000);
    expect(breaker.stats()).toMatchObject({ state: 'OPEN', openedAt: T0 + TIMEOUT + 2_000 });
    expect(states.at(-1)).toBe('HALF_OPEN→OPEN (half-open-timeout)');
  });

  it('each half-open period has its own wait: a stale one from an earlier period cuts no later one short', async () => {
    const { clock, breaker, states, settle, settled } = hungTrial({ maxHalfOpenWaitMs: 4_000 });
    settle('fail');
    await settled; // HALF_OPEN → OPEN at T0 + TIMEOUT
    clock.set(T0 + 2 * TIMEOUT); // past the first period's wait, which must not fire into the second

    void breaker.call(() => new Promise(() => {})); // a second hung trial, from T0 + 2 TIMEOUT
    await clock.advance(3_999);
    expect(breaker.state).toBe('HALF_OPEN');
    await clock.advance(1);
    expect(breaker.state).toBe('OPEN');
    expect(states.filter((s) => s.includes('half-open-timeout'))).toHaveLength(1);
  });
});
