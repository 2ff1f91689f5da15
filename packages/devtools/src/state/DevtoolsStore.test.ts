import { type DevtoolsBatch, type HandlerEvent } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { DevtoolsStore, type DevtoolsSource, type DevtoolsState } from '../index.ts';
import { batch, breaker, errorRecord, snapshot, stats } from '../testing/messages.ts';
import { recordKrakenOutage, T0 } from '../testing/recordKrakenOutage.ts';

const sync = (flush: () => void) => flush();

function setup(options: ConstructorParameters<typeof DevtoolsStore>[0] = {}) {
  const clock = new ManualClock(1_000);
  const store = new DevtoolsStore({ clock, schedule: sync, ...options });
  const states: DevtoolsState[] = [];
  store.subscribe(() => states.push(store.getSnapshot()));
  return { clock, store, states };
}

describe('DevtoolsStore', () => {
  it('applies a recorded session: the snapshot, then batches; history and transitions newest first', async () => {
    const { messages } = await recordKrakenOutage();
    const { store } = setup({ clock: new ManualClock(T0 + 60_500) });
    for (const message of messages) store.receive(message);
    const s = store.getSnapshot();
    expect(s.seq).toBe(2);
    expect(s.mode).toBe('paper');
    expect(s.history.map((r) => `${r.component} ${r.name}`)).toEqual([
      'coinbase RateLimitExceeded',
      'kraken Error',
      'binance BadResponse',
      'kraken Error',
      'kraken Error',
      'kraken Error',
      'kraken Error',
      'kraken Error',
    ]);
    expect(s.transitions.map((t) => `${t.name} ${t.from}->${t.to} ${t.reason}`)).toEqual([
      'kraken HALF_OPEN->OPEN half-open-failure',
      'kraken OPEN->HALF_OPEN recovery-timeout',
      'kraken CLOSED->OPEN failure-threshold',
    ]);
    expect([...s.breakers.values()].map((b) => `${b.name} ${b.state} ${b.failureCount}/${b.failureThreshold}`)).toEqual(
      ['binance CLOSED 0/5', 'kraken OPEN 5/5', 'coinbase CLOSED 1/5'],
    );
    // The snapshot (0/min) and batch 1 (6/min) fall in one 1 s bucket; batch 2 a minute later is a new point.
    expect(s.errorRate).toEqual([
      { at: T0 + 250, errorRate: 6 },
      { at: T0 + 60_500, errorRate: 2 },
    ]);
    expect(s.stats?.totalErrors).toBe(8);
    expect(s.config?.circuitBreaker.failureThreshold).toBe(5);
    expect(s.clockOffsetMs).toBe(0);
    expect(s.protocolErrors).toEqual([]);
  });

  it('puts each outcome on its error: in the same batch, or on a record from an earlier one', () => {
    const { store } = setup();
    store.receive(snapshot());
    const recorded = (n: number): HandlerEvent => ({ type: 'error.recorded', context: errorRecord(n), at: 1_000 });
    const settled = (n: number, delayMs: number): HandlerEvent => ({
      type: 'error.settled',
      errorId: `e-${n}`,
      outcome: { type: 'retried', delayMs },
      at: 1_000,
    });
    store.receive(batch(1, [recorded(1), recorded(2), settled(1, 100)]));
    const before = store.getSnapshot().history;
    expect(before.map((r) => [r.id, r.outcome])).toEqual([
      ['e-2', undefined],
      ['e-1', { type: 'retried', delayMs: 100 }],
    ]);
    store.receive(batch(2, [settled(2, 200)]));
    const after = store.getSnapshot().history;
    expect(after.map((r) => [r.id, r.outcome])).toEqual([
      ['e-2', { type: 'retried', delayMs: 200 }],
      ['e-1', { type: 'retried', delayMs: 100 }],
    ]);
    expect(after[1]).toBe(before[1]); // untouched records keep their object
    store.receive(batch(3, [settled(9, 5)])); // an error the panel never saw: nothing changes
    expect(store.getSnapshot().history).toBe(after);
  });

  it("follows an operator's paper hold (snapshot, held switch, release); replays mode switches as chart marks", () => {
    const { store } = setup();
    const switched = {
      type: 'mode.changed',
      from: 'live',
      to: 'paper',
      reason: 'manual',
      held: true,
      at: 400,
    } as const;
    store.receive(snapshot({ mode: 'paper', modeHeld: true, transitions: [switched] }));
    expect([store.getSnapshot().modeHeld, store.getSnapshot().modes]).toEqual([true, [{ at: 400, mode: 'paper' }]]);
    store.receive(
      batch(1, [{ type: 'mode.released', mode: 'paper', reason: 'manual', at: 1_100 }], {
        stats: stats({ mode: 'paper' }),
      }),
    );
    expect(store.getSnapshot().modeHeld).toBe(false);
    store.receive(
      batch(
        2,
        [
          { ...switched, to: 'live', from: 'paper', held: false, at: 1_200 },
          { ...switched, at: 1_300 },
        ],
        { stats: stats({ mode: 'paper' }) },
      ),
    );
    expect([store.getSnapshot().modeHeld, store.getSnapshot().modes]).toEqual([
      true,
      [
        { at: 400, mode: 'paper' },
        { at: 1_200, mode: 'live' },
        { at: 1_300, mode: 'paper' },
      ],
    ]);
  });

  it('accepts JSON text as it comes off an event stream', () => {
    const { store } = setup();
    store.receive(JSON.stringify(snapshot({ seq: 7, breakers: [breaker('kraken')] })));
    expect(store.getSnapshot().seq).toBe(7);
    expect([...store.getSnapshot().breakers.keys()]).toEqual(['kraken']);
  });

  it('keeps the objects of the parts a message did not change', () => {
    const { store } = setup();
    store.receive(snapshot({ breakers: [breaker('a'), breaker('b')] }));
    const before = store.getSnapshot();
    const openB = breaker('b', { state: 'OPEN', openedAt: 1_000, retryAfterMs: 60_000 });
    store.receive(batch(1, [], { breakers: [openB] }));
    const after = store.getSnapshot();
    expect(after.breakers).not.toBe(before.breakers);
    expect(after.breakers.get('a')).toBe(before.breakers.get('a'));
    expect(after.breakers.get('b')).toEqual(openB);
    expect(after.stats).toBe(before.stats);
    expect(after.config).toBe(before.config);
    expect(after.history).toBe(before.history);
    expect(after.transitions).toBe(before.transitions);
    // Only the shrinking retryAfterMs differs: the breaker (and the map) stay as they were.
    store.receive(batch(2, [], { breakers: [{ ...openB, retryAfterMs: 59_750 }] }));
    expect(store.getSnapshot().breakers).toBe(after.breakers);
  });

  it('ignores batches it already applied and counts the ones it never received', () => {
    const { store, states } = setup();
    store.receive(snapshot({ seq: 4 }));
    store.receive(batch(5, [], { dropped: 3 }));
    store.receive(batch(5, [], { dropped: 3 })); // a resumed stream repeating one
    store.receive(batch(4));
    expect(states).toHaveLength(2);
    store.receive(batch(8, [], { dropped: 2 }));
    expect(store.getSnapshot()).toMatchObject({ seq: 8, missedBatches: 2, droppedEvents: 5 });
  });

  it('a fresh snapshot replaces breakers and history but keeps the transitions seen', () => {
    const { store } = setup();
    const open: HandlerEvent = {
      type: 'breaker.state',
      name: 'a',
      from: 'CLOSED',
      to: 'OPEN',
      reason: 'failure-threshold',
      at: 1_100,
    };
    store.receive(snapshot({ breakers: [breaker('a'), breaker('b')] }));
    store.receive(batch(1, [open, { type: 'error.recorded', context: errorRecord(1), at: 1_100 }]));
    store.receive(snapshot({ seq: 9, breakers: [breaker('a')], history: [errorRecord(2)] }));
    const s = store.getSnapshot();
    expect([...s.breakers.keys()]).toEqual(['a']);
    expect(s.history.map((r) => r.id)).toEqual(['e-2']);
    expect(s.transitions).toEqual([open]);
    expect(s.seq).toBe(9);
  });

  it('drops records a batch repeats from the snapshot it follows', () => {
    const { store } = setup();
    store.receive(snapshot({ history: [errorRecord(1), errorRecord(2)] }));
    store.receive(
      batch(
        1,
        [errorRecord(2), errorRecord(3)].map((context) => ({ type: 'error.recorded', context, at: context.timestamp })),
      ),
    );
    expect(store.getSnapshot().history.map((r) => r.id)).toEqual(['e-3', 'e-2', 'e-1']);
  });

  it('reports a message that fails validation, changes nothing else, and carries on', () => {
    const { clock, store } = setup();
    store.receive(snapshot({ breakers: [breaker('kraken')] }));
    const before = store.getSnapshot();
    clock.set(2_000);
    store.receive({ ...batch(1), seq: 'one' });
    const after = store.getSnapshot();
    expect(after.protocolErrors).toEqual([
      { at: 2_000, message: 'Invalid devtools message: seq: Invalid input: expected number, received string' },
    ]);
    expect(after.protocolErrorCount).toBe(1);
    expect(after.breakers).toBe(before.breakers);
    expect(after.seq).toBe(0);
    store.receive('{"type": "batch", ');
    expect(store.getSnapshot().protocolErrors[0]!.message).toMatch(/^Invalid devtools message: not JSON \(.+\)$/);
    store.receive({ ...batch(1), version: 2 });
    expect(store.getSnapshot().protocolErrors[0]!.message).toBe(
      'Invalid devtools message: version: protocol version 2 is not supported (this panel speaks version 1)',
    );
    store.receive(batch(1, [], { breakers: [breaker('kraken', { state: 'OPEN', openedAt: 1_000 })] }));
    expect(store.getSnapshot().breakers.get('kraken')!.state).toBe('OPEN');
    for (let i = 0; i < 10; i++) store.receive(null);
    expect(store.getSnapshot().protocolErrors).toHaveLength(5);
    expect(store.getSnapshot().protocolErrorCount).toBe(13);
  });

  it('stays bounded under 10,000-event batches: history 500, transitions 200, breakers 1000, 120 rate points', () => {
    const { store } = setup();
    store.receive(snapshot());
    let n = 0;
    for (let seq = 1; seq <= 10; seq++) {
      const events: HandlerEvent[] = [];
      const breakers = [];
      for (let i = 0; i < 5_000; i++, n++) {
        events.push({ type: 'error.recorded', context: errorRecord(n, { component: `c${n % 2_000}` }), at: 1_000 + n });
        events.push({
          type: 'breaker.state',
          name: `c${n % 2_000}`,
          from: 'CLOSED',
          to: 'OPEN',
          reason: 'failure-threshold',
          at: 1_000 + n,
        });
      }
      for (let i = 0; i < 2_000; i++) breakers.push(breaker(`c${(seq * 7 + i) % 2_000}`));
      const message: DevtoolsBatch = batch(seq, events, {
        breakers,
        at: seq * 60_000,
        stats: stats({ totalErrors: n, errorRate: n }),
      });
      expect(message.events).toHaveLength(10_000);
      store.receive(message);
    }
    const s = store.getSnapshot();
    expect(s.protocolErrors).toEqual([]);
    expect(s.history).toHaveLength(500);
    expect(s.history[0]!.id).toBe(`e-${n - 1}`);
    expect(s.history[499]!.id).toBe(`e-${n - 500}`);
    expect(s.transitions).toHaveLength(200);
    expect(s.transitions[0]!.at).toBe(1_000 + n - 1);
    expect(s.breakers.size).toBe(1000);
    expect(s.errorRate).toHaveLength(11); // the snapshot's point and one per batch (a minute apart)

    for (let seq = 11; seq <= 200; seq++) store.receive(batch(seq, [], { at: seq * 60_000 }));
    expect(store.getSnapshot().errorRate).toHaveLength(120);
  });

  it('tells listeners once per scheduled turn, however many messages arrived', () => {
    const turns: Array<() => void> = [];
    const { store, states } = setup({ schedule: (flush) => turns.push(flush) });
    store.receive(snapshot());
    store.receive(batch(1, [], { breakers: [breaker('a')] }));
    store.receive(batch(2, [], { breakers: [breaker('b')] }));
    expect(turns).toHaveLength(1);
    expect(states).toHaveLength(0);
    turns[0]!();
    expect(states.map((s) => s.seq)).toEqual([2]);
  });

  it('connects to a source, follows its status and marks itself closed when stopped', () => {
    const { clock, store } = setup();
    const calls: string[] = [];
    const source: DevtoolsSource = {
      connect(onMessage, onStatus) {
        onStatus('connecting');
        onMessage(snapshot({ seq: 3 }));
        onStatus('open');
        clock.set(1_500);
        onStatus('reconnecting', 'resuming the stream');
        return () => calls.push('stopped');
      },
      command: async () => undefined,
    };
    const stop = store.connect(source);
    expect(store.getSnapshot().connection).toEqual({
      state: 'reconnecting',
      detail: 'resuming the stream',
      since: 1_500,
    });
    expect(store.getSnapshot().seq).toBe(3);
    stop();
    stop();
    expect(calls).toEqual(['stopped']);
    expect(store.getSnapshot().connection).toEqual({ state: 'closed', detail: null, since: 1_500 });
  });

  it('keeps the last command failure until cleared', () => {
    const { store } = setup();
    store.reportCommandFailure(
      { type: 'breaker.reset', name: 'nope' },
      new RangeError('DevtoolsFeed: no circuit breaker named "nope"'),
    );
    expect(store.getSnapshot().commandFailure).toEqual({
      at: 1_000,
      command: { type: 'breaker.reset', name: 'nope' },
      message: 'DevtoolsFeed: no circuit breaker named "nope"',
    });
    store.clearCommandFailure();
    expect(store.getSnapshot().commandFailure).toBeNull();
  });

  it('refuses limits that are not positive integers, naming the limit', () => {
    expect(() => new DevtoolsStore({ limits: { history: 0 } })).toThrow(
      new RangeError('DevtoolsStore: limits.history must be a positive integer, got 0'),
    );
  });
});
