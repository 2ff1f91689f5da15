import { describe, expect, it } from 'vitest';
import { DevtoolsFeed } from '../devtools/DevtoolsFeed.ts';
import { parseDevtoolsMessage } from '../protocol/parse.ts';
import type { HistoryStore } from '../storage/HistoryStore.ts';
import { memoryStore } from '../storage/memoryStore.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { HandlerEvent } from './HandlerEvent.ts';

// Issue #11: what happened (breaker transitions, mode switches) is kept with the errors, in memory and in the
// store, so a panel opened after an incident (or after a restart) still shows it.

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function handlerOn(store: HistoryStore | undefined, clock: ManualClock) {
  return new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 }, historySize: 3 },
    {
      clock,
      random: seededRandom(1),
      recoveryActions: [],
      ...(store ? { store } : {}),
      storage: { flushIntervalMs: 1_000 },
    },
  );
}

/** Two failures open kraken; 30 s later a trial fails (HALF_OPEN → OPEN); then paper and back to live. */
async function incident(handler: ErrorHandler, clock: ManualClock) {
  await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
  await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
  await clock.advance(30_000);
  await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
  handler.setMode('paper', 'exchange down');
  await clock.advance(1_000);
  handler.setMode('live', 'calm');
}

const transitions = [
  { type: 'breaker.state', name: 'kraken', from: 'CLOSED', to: 'OPEN', at: T0, reason: 'failure-threshold' },
  { type: 'breaker.state', name: 'kraken', from: 'OPEN', to: 'HALF_OPEN', at: T0 + 30_000, reason: 'recovery-timeout' },
  {
    type: 'breaker.state',
    name: 'kraken',
    from: 'HALF_OPEN',
    to: 'OPEN',
    at: T0 + 30_000,
    reason: 'half-open-failure',
  },
  { type: 'mode.changed', from: 'live', to: 'paper', reason: 'exchange down', at: T0 + 30_000 },
  { type: 'mode.changed', from: 'paper', to: 'live', reason: 'calm', at: T0 + 31_000 },
];

describe('ErrorHandler: what happened besides errors', () => {
  it('keeps transitions and mode switches, oldest first, as many as historySize, with nobody subscribed', async () => {
    const clock = new ManualClock(T0);
    const handler = handlerOn(undefined, clock);
    await incident(handler, clock);
    expect(handler.recentEvents()).toEqual(transitions.slice(2));
  });

  it('writes them to the store, newest first there, beside the records', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const handler = handlerOn(store, clock);
    await incident(handler, clock);
    await handler.flush();
    expect((await store.queryEvents()).events).toEqual([...transitions].reverse());
    expect(await store.count()).toBe(3);
  });

  it('a NEW feed connected after the incident gets the transitions in its first message', async () => {
    const clock = new ManualClock(T0);
    const handler = handlerOn(undefined, clock);
    await incident(handler, clock);
    const snapshot = new DevtoolsFeed(handler).snapshot();
    expect(snapshot.transitions).toEqual(transitions.slice(2));
    expect(snapshot.modeHeld).toBe(false);
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(new DevtoolsFeed(handler, { historyLimit: 1 }).snapshot().transitions).toEqual(transitions.slice(4));
  });

  it('after a restart, restore() brings them back from the store (before what the new process saw)', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const before = handlerOn(store, clock);
    await incident(before, clock);
    await before.flush();
    const after = handlerOn(store, clock);
    after.setMode('paper', 'started on paper');
    const events: HandlerEvent[] = [];
    after.subscribe((e) => events.push(e));
    await after.restore();
    const started = { type: 'mode.changed', from: 'live', to: 'paper', reason: 'started on paper', at: T0 + 31_000 };
    expect(after.recentEvents()).toEqual([...transitions.slice(3), started]);
    expect(new DevtoolsFeed(after).snapshot().transitions).toEqual([...transitions.slice(3), started]);
    expect(events.map((e) => e.type)).toEqual(['store.restored']);
  });

  it('a store without events still works: nothing but the records and breakers are written', async () => {
    const clock = new ManualClock(T0);
    const { appendEvents: _a, queryEvents: _q, ...plain } = memoryStore({ clock });
    const handler = handlerOn(plain as HistoryStore, clock);
    await incident(handler, clock);
    await handler.flush();
    expect(await plain.count()).toBe(3);
    expect((await handlerOn(plain as HistoryStore, clock).restore()).records).toBe(3);
  });

  it('a store with half the event methods is refused when the handler is built', () => {
    const clock = new ManualClock(T0);
    const { queryEvents: _q, ...half } = memoryStore({ clock });
    expect(() => handlerOn(half as HistoryStore, clock)).toThrow(
      new TypeError(
        'memory: a history store needs both appendEvents and queryEvents, or neither; it has only appendEvents',
      ),
    );
  });

  it('isolating an OPEN breaker in the panel is no transition, yet saves its held-open snapshot at once', async () => {
    const clock = new ManualClock(T0);
    const store = memoryStore({ clock });
    const handler = handlerOn(store, clock);
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    await handler.flush();
    new DevtoolsFeed(handler).execute({ type: 'breaker.isolate', name: 'kraken' });
    for (let i = 0; i < 20; i++) await Promise.resolve(); // the feed's save runs off the command's path
    expect(handler.recentEvents()).toEqual(transitions.slice(0, 1));
    expect((await store.loadBreakers()).map((s) => [s.name, s.state, s.isolated])).toEqual([['kraken', 'OPEN', true]]);
  });
});
