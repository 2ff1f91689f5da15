import { describe, expect, it } from 'vitest';
import { ErrorHandler } from '../handler/ErrorHandler.ts';
import { SEED_NAMES } from '../handler/seedNames.ts';
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
    expect(snap.history.map((r) => r.id)).toEqual(
      handler
        .history()
        .slice(1)
        .map((r) => r.id),
    );
    expect(snap.breakers).toEqual([
      expect.objectContaining({
        name: 'kraken',
        state: 'OPEN',
        isolated: false,
        retryAfterMs: 30_000,
        failureCount: 2,
      }),
    ]);
    expect(snap.config).toMatchObject({
      maxRetries: 3,
      circuitBreaker: { failureThreshold: 2 },
      recoveryActions: [],
      classificationRules: [],
    });
    expect(snap).toMatchObject({ type: 'snapshot', version: 1, seq: 0, at: T0, mode: 'live' });
  });

  it('summarises every setting of the config table, in its order, as plain data', () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler(
      {
        maxRetryAfterMs: 5000,
        exchangeNames: ['kraken'],
        classificationRules: [{ name: 'maintenance', match: { codes: ['EMAINT'] }, category: 'exchange' }],
      },
      { clock, random: seededRandom(3) },
    );
    const snap = new DevtoolsFeed(handler).snapshot();
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    const { config } = snap;
    expect(Object.keys(config)).toEqual(Object.keys(SEED_NAMES));
    expect(config).toStrictEqual({
      maxRetries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      maxRetryAfterMs: 5000,
      exponentialBase: 2,
      jitter: true,
      circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000, halfOpenMaxCalls: 1, successThreshold: 1 },
      recoveryActions: [
        { name: 'exchange_fallback', priority: 4 },
        { name: 'data_fallback', priority: 3 },
        { name: 'rate_limit_wait', priority: 2 },
        { name: 'network_retry', priority: 1 },
      ],
      historySize: 1000,
      maxTrackedKeys: 1000,
      exchangeNames: ['kraken'],
      classificationRules: ['maintenance'],
    });
    // Copies: the summary is data, not a view of the handler's settings.
    expect(config.circuitBreaker).not.toBe(handler.config.circuitBreaker);
    expect(config.exchangeNames).not.toBe(handler.config.exchangeNames);
  });

  it('reads a snapshot from a producer older than maxRetryAfterMs in its config summary', () => {
    const snap = setup().feed.snapshot();
    const { maxRetryAfterMs: _added, ...older } = snap.config;
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify({ ...snap, config: older })))).toEqual({
      ...snap,
      config: older,
    });
  });

  it('names its process in the snapshot when given one (the fleet panel labels every entry with it)', () => {
    expect(setup().feed.snapshot()).not.toHaveProperty('process');
    const snap = setup({ process: 'bot-1' }).feed.snapshot();
    expect(snap.process).toBe('bot-1');
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    expect(() => setup({ process: '' })).toThrow('DevtoolsFeed: process must be a name of 1 to 100 characters, got ""');
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
    expect(batch!.events.map((e) => e.type)).toEqual([
      'error.recorded',
      'breaker.call',
      'error.settled',
      'error.recorded',
      'breaker.call',
      'breaker.state',
      'error.settled',
    ]);
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
    // Each unrecovered error is three events (recorded, a failed call of its component's breaker, settled).
    for (let i = 0; i < 5; i++) await handler.handle(handler.classify(new Error(`e${i}`), 'op', `c${i}`));
    await clock.advance(250);
    expect(batches[0]!.dropped).toBe(12);
    expect(batches[0]!.events.map((e) => (e.type === 'error.recorded' ? e.context.message : e.type))).toEqual([
      'e4',
      'breaker.call',
      'error.settled',
    ]);
  });

  it('holds at most maxQueue events while no batch goes out (an awaited loop never lets the timer fire)', async () => {
    const { clock, handler, feed, batches, watch } = setup({ maxQueue: 10 });
    watch();
    let emitted = 0;
    handler.subscribe(() => emitted++);
    // 2 000 unrecovered errors on 20 components: the timer is armed but never fires.
    for (let i = 0; i < 2_000; i++) {
      await handler.handle(handler.classify(new Error(`e${i}`), 'op', `c${i % 20}`));
      expect(feed.queued.events).toBeLessThanOrEqual(10);
    }
    expect(batches).toEqual([]);
    expect(feed.queued.events).toBe(10);
    await clock.advance(250);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(emitted).toBeGreaterThan(4_000);
    expect(batch!.events).toHaveLength(10);
    expect(batch!.dropped).toBe(emitted - 10);
    expect(batch!.events.filter((e) => e.type === 'error.recorded').at(-1)).toMatchObject({
      context: { message: 'e1999' },
    });
    // The dropped events touched every breaker: the batch carries all of them, so the panel misses no state.
    expect(batch!.breakers.map((b) => b.name).sort()).toEqual(
      handler.breakers
        .all()
        .map((b) => b.name)
        .sort(),
    );
    expect(batch!.breakers).toHaveLength(20);
    expect(batch!.stats.totalErrors).toBe(2_000);
    expect(feed.queued).toEqual({ events: 0, bytes: 0 });
    const snap = feed.snapshot();
    expect(snap.seq).toBe(1);
    expect(snap.history.map((r) => r.message)).toEqual(
      handler
        .history()
        .slice(-200)
        .map((r) => r.message),
    );
  });

  it('bounds the bytes that wait too: the oldest go first, the count is exact', async () => {
    const { clock, handler, feed, batches, watch } = setup({ maxQueue: 1_000, maxQueueBytes: 8_000 });
    watch();
    let emitted = 0;
    handler.subscribe(() => emitted++);
    const big = 'x'.repeat(1_000);
    for (let i = 0; i < 100; i++) {
      await handler.handle(handler.classify(new Error(`${big}${i}`), 'op', 'c'));
      expect(feed.queued.bytes).toBeLessThanOrEqual(8_000);
    }
    const held = feed.queued.events;
    expect(held).toBeGreaterThan(4);
    expect(held).toBeLessThan(20);
    await clock.advance(250);
    expect(batches[0]!.events).toHaveLength(held);
    expect(batches[0]!.dropped).toBe(emitted - held);
    const last = batches[0]!.events.filter((e) => e.type === 'error.recorded').at(-1);
    expect(last?.type === 'error.recorded' && last.context.message).toBe(`${big}99`);
  });

  it('drops an event larger than maxQueueBytes by itself, and keeps what waits', async () => {
    const { clock, handler, feed, batches, watch } = setup({ maxQueueBytes: 2_000 });
    watch();
    await handler.handle(handler.classify(new Error('small'), 'op', 'c'));
    await handler.handle(handler.classify(new Error('y'.repeat(5_000)), 'op', 'c'));
    expect(feed.queued.events).toBe(6);
    await clock.advance(250);
    expect(batches[0]!.dropped).toBe(1);
    expect(batches[0]!.events.map((e) => (e.type === 'error.recorded' ? e.context.message : e.type))).toEqual([
      'small',
      'breaker.call',
      'error.settled',
      'breaker.call',
      'breaker.state',
      'error.settled',
    ]);
  });

  it('refuses bad queue bounds with a message naming the option and the value', () => {
    const { handler } = setup();
    expect(() => new DevtoolsFeed(handler, { maxQueue: 0 })).toThrow(
      new RangeError('DevtoolsFeed: maxQueue must be a positive integer, got 0'),
    );
    expect(() => new DevtoolsFeed(handler, { maxQueueBytes: 1.5 })).toThrow(
      new RangeError('DevtoolsFeed: maxQueueBytes must be a positive integer, got 1.5'),
    );
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
    // An operator's paper is held: the automatic way back is refused until the panel releases it.
    feed.execute({ type: 'mode.set', mode: 'paper' });
    expect([handler.mode, handler.modeHeld, handler.setMode('live', 'calm')]).toEqual(['paper', true, false]);
    feed.execute({ type: 'mode.release' });
    expect([handler.mode, handler.modeHeld, handler.setMode('live', 'calm'), handler.mode]).toEqual([
      'paper',
      false,
      true,
      'live',
    ]);
    expect(() => feed.execute({ type: 'breaker.reset', name: 'nope' })).toThrow(
      new RangeError('DevtoolsFeed: no circuit breaker named "nope"'),
    );
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
