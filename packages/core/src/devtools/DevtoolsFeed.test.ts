import { describe, expect, it } from 'vitest';
import { ErrorHandler } from '../handler/ErrorHandler.ts';
import { parseDevtoolsMessage } from '../protocol/parse.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import type { DevtoolsBatch } from './DevtoolsMessage.ts';
import { DevtoolsFeed } from './DevtoolsFeed.ts';

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function setup(options = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(3), recoveryActions: [] },
  );
  const feed = new DevtoolsFeed(handler, options);
  const batches: DevtoolsBatch[] = [];
  return { clock, handler, feed, batches, watch: () => feed.subscribe((b) => batches.push(b)) };
}

describe('DevtoolsFeed', () => {
  it('snapshots breakers, stats, recent history, mode and config as plain, valid protocol data', async () => {
    const { handler, feed } = setup({ historyLimit: 2 });
    for (let i = 0; i < 3; i++) await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    const snap = feed.snapshot();
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    expect(snap.history.map((r) => r.id)).toEqual(handler.history().slice(1).map((r) => r.id));
    expect(snap.breakers).toEqual([
      expect.objectContaining({ name: 'kraken', state: 'OPEN', isolated: false, retryAfterMs: 30_000, failureCount: 2 }),
    ]);
    expect(snap.config).toMatchObject({ maxRetries: 3, circuitBreaker: { failureThreshold: 2 }, recoveryActions: [], classificationRules: [] });
    expect(snap).toMatchObject({ type: 'snapshot', version: 1, seq: 0, at: T0, mode: 'live' });
  });

  it('coalesces events into one batch per interval, with the breakers they touched and current stats', async () => {
    const { clock, handler, feed, batches, watch } = setup({ intervalMs: 250 });
    watch();
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    expect(batches).toEqual([]);
    await clock.advance(250);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.events.map((e) => e.type)).toEqual(['error.recorded', 'breaker.call', 'error.recorded', 'breaker.call', 'breaker.state']);
    expect(batch!.breakers.map((b) => [b.name, b.state])).toEqual([['kraken', 'OPEN']]);
    expect(batch!.stats.totalErrors).toBe(2);
    expect(batch).toMatchObject({ type: 'batch', version: 1, seq: 1, at: T0 + 250, dropped: 0 });
    expect(feed.seq).toBe(1);
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(batch)))).toEqual(batch);
    await clock.advance(1_000); // quiet: no empty batches
    expect(batches).toHaveLength(1);
  });

  it('bounds what waits between batches: the oldest events are dropped and counted', async () => {
    const { clock, handler, batches, watch } = setup({ maxQueue: 3 });
    watch();
    // Each unrecovered error is two events (recorded, and a failed call of its component's breaker).
    for (let i = 0; i < 5; i++) await handler.handle(handler.classify(new Error(`e${i}`), 'op', `c${i}`));
    await clock.advance(250);
    expect(batches[0]!.dropped).toBe(7);
    expect(batches[0]!.events.map((e) => (e.type === 'error.recorded' ? e.context.message : e.type))).toEqual(['breaker.call', 'e4', 'breaker.call']);
  });

  it('listens to the handler only while watched', async () => {
    const { clock, handler, batches, watch } = setup();
    await handler.handle(handler.classify(reset(), 'op', 'c'));
    const stop = watch();
    stop();
    await handler.handle(handler.classify(reset(), 'op', 'c'));
    await clock.advance(1_000);
    expect(batches).toEqual([]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('carries out commands: reset and isolate a breaker, switch the mode; unknown breakers are refused', () => {
    const { handler, feed } = setup();
    const kraken = handler.getCircuitBreaker('kraken');
    feed.execute({ type: 'breaker.isolate', name: 'kraken' });
    expect(kraken.isolated).toBe(true);
    feed.execute({ type: 'breaker.reset', name: 'kraken' });
    expect(kraken.state).toBe('CLOSED');
    handler.setMode('paper');
    feed.execute({ type: 'mode.set', mode: 'live' });
    expect(handler.mode).toBe('live');
    expect(() => feed.execute({ type: 'breaker.reset', name: 'nope' })).toThrow(new RangeError('DevtoolsFeed: no circuit breaker named "nope"'));
  });
});

describe('DevtoolsFeed.snapshot while watched', () => {
  it('first sends what waits, so the snapshot and the next batch never show the same event', async () => {
    const { clock, handler, feed, batches, watch } = setup();
    watch();
    await handler.handle(handler.classify(reset(), 'op', 'kraken'));
    const snap = feed.snapshot();
    expect(batches.map((b) => b.seq)).toEqual([1]);
    expect(snap.seq).toBe(1);
    expect(snap.history).toHaveLength(1);
    await clock.advance(1_000);
    expect(batches).toHaveLength(1);
  });
});
