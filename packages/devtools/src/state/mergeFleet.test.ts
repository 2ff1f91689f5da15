import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { batch, breaker, errorRecord, snapshot, stats } from '../testing/messages.ts';
import { DEFAULT_LIMITS, initialState } from './DevtoolsState.ts';
import { DevtoolsStore } from './DevtoolsStore.ts';
import { mergeFleet } from './mergeFleet.ts';

const sync = (flush: () => void) => flush();

/** A member's state as its own store builds it from what its process sent. */
function member(process: string, messages: unknown[], connected = true) {
  const store = new DevtoolsStore({ clock: new ManualClock(1_000), schedule: sync });
  if (connected) store.setConnection('open');
  for (const m of messages) store.receive(m);
  return { process, state: store.getSnapshot() };
}

describe('mergeFleet', () => {
  it('names each breaker, error, transition and counter by its process; merges lists newest first; sums counts', () => {
    const a = member('bot-a', [
      snapshot({
        process: 'bot-a',
        breakers: [breaker('kraken-api', { state: 'OPEN', openedAt: 900 })],
        history: [errorRecord(1, { component: 'market-data' })],
        stats: stats({
          totalErrors: 4,
          errorRate: 2,
          errorCounts: { 'market-data': 4 },
          categoryCounts: { network: 4, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
          recoveryStats: { retry: { success: 1, failure: 0 } },
          circuitBreakerStates: { 'kraken-api': 'OPEN' },
        }),
      }),
      batch(
        1,
        [
          {
            type: 'breaker.state',
            name: 'kraken-api',
            from: 'CLOSED',
            to: 'OPEN',
            at: 1_200,
            reason: 'failure-threshold',
          },
        ],
        {
          stats: stats({
            totalErrors: 4,
            errorRate: 2,
            errorCounts: { 'market-data': 4 },
            categoryCounts: { network: 4, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
            recoveryStats: { retry: { success: 1, failure: 0 } },
            circuitBreakerStates: { 'kraken-api': 'OPEN' },
          }),
        },
      ),
    ]);
    const b = member('bot-b', [
      snapshot({
        process: 'bot-b',
        at: 1_100,
        breakers: [breaker('kraken-api')],
        history: [errorRecord(2, { component: 'orders', timestamp: 1_050 })],
        stats: stats({
          totalErrors: 1,
          errorRate: 1,
          errorCounts: { orders: 1 },
          categoryCounts: { network: 0, api: 1, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
          recoveryStats: { retry: { success: 0, failure: 1 } },
          circuitBreakerStates: { 'kraken-api': 'CLOSED' },
        }),
      }),
    ]);

    const { state, breakerOwners } = mergeFleet([a, b], DEFAULT_LIMITS, 2_000);

    expect([...state.breakers.entries()]).toEqual([
      ['bot-a / kraken-api', breaker('bot-a / kraken-api', { state: 'OPEN', openedAt: 900 })],
      ['bot-b / kraken-api', breaker('bot-b / kraken-api')],
    ]);
    expect([...breakerOwners]).toEqual([
      ['bot-a / kraken-api', { member: 0, name: 'kraken-api' }],
      ['bot-b / kraken-api', { member: 1, name: 'kraken-api' }],
    ]);
    expect(state).toEqual({
      connection: { state: 'open', detail: '2 processes', since: 1_000 },
      process: null,
      seq: null,
      clockOffsetMs: 0,
      breakers: state.breakers,
      stats: {
        totalErrors: 5,
        errorCounts: { 'bot-a / market-data': 4, 'bot-b / orders': 1 },
        categoryCounts: { network: 4, api: 1, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
        severityCounts: { low: 0, medium: 0, high: 0, critical: 0 },
        recoveryStats: { retry: { success: 1, failure: 1 } },
        circuitBreakerStates: { 'bot-a / kraken-api': 'OPEN', 'bot-b / kraken-api': 'CLOSED' },
        errorRate: 3,
        topFingerprints: [],
        mode: 'live',
        storage: null,
      },
      mode: 'live',
      config: snapshot().config,
      history: [
        errorRecord(2, { component: 'bot-b / orders', timestamp: 1_050 }),
        errorRecord(1, { component: 'bot-a / market-data' }),
      ],
      // One 1 s bucket: bot-a's point at 1 000 (its batch updated it), bot-b's at 1 100; the bucket's latest time.
      errorRate: [{ at: 1_100, errorRate: 3 }],
      transitions: [
        {
          type: 'breaker.state',
          name: 'bot-a / kraken-api',
          from: 'CLOSED',
          to: 'OPEN',
          at: 1_200,
          reason: 'failure-threshold',
        },
      ],
      protocolErrors: [],
      protocolErrorCount: 0,
      droppedEvents: 0,
      missedBatches: 0,
      commandFailure: null,
      chaos: [],
      // bot-a's batch is the only message that moved a counter since a snapshot: one bucket, nothing in it.
      errorsByCategory: [
        {
          at: 1_000,
          spanMs: 1_000,
          counts: { network: 0, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
        },
      ],
      breakerSeries: new Map(
        ['bot-a / kraken-api', 'bot-b / kraken-api'].map((name) => [
          name,
          [
            {
              at: 1_000,
              spanMs: 1_000,
              calls: 0,
              failures: 0,
              rejections: 0,
              failureCount: 0,
              failureThreshold: 5,
              p50: null,
              p95: null,
              p99: null,
            },
          ],
        ]),
      ),
      modes: [{ at: 1_000, mode: 'live' }],
      modeHeld: false,
    });
  });

  it('shows the least healthy connection, naming the process; differing modes are no one mode', () => {
    const a = member('bot-a', [snapshot({ mode: 'paper' })]);
    const b = member('bot-b', [snapshot()], false);
    const { state } = mergeFleet([a, b], DEFAULT_LIMITS, 2_000);
    expect(state.connection).toEqual({ state: 'connecting', detail: 'bot-b: connecting (1 of 2 open)', since: 1_000 });
    expect(state.mode).toBeNull();
    expect(mergeFleet([], DEFAULT_LIMITS, 2_000).state.connection).toEqual({
      state: 'closed',
      detail: 'no processes',
      since: 2_000,
    });
  });

  it('keeps the newest entries within the limits', () => {
    const history = (n: number) => Array.from({ length: n }, (_, i) => errorRecord(i, { timestamp: 1_000 + i }));
    const a = member('a', [snapshot({ history: history(3) })]);
    const b = member('b', [
      snapshot({ history: history(3).map((r) => ({ ...r, id: `b-${r.id}`, timestamp: r.timestamp + 0.5 })) }),
    ]);
    const { state } = mergeFleet([a, b], { ...DEFAULT_LIMITS, history: 3 }, 2_000);
    expect(state.history.map((r) => `${r.id} ${r.component}`)).toEqual([
      'b-e-2 b / kraken',
      'e-2 a / kraken',
      'b-e-1 b / kraken',
    ]);
  });

  it('adds up chart series: errors by category per span, breaker series by process, paper while any process is', () => {
    const point = (at: number, counts: Record<string, number>, spanMs = 1_000) => ({ at, spanMs, counts });
    const bp = { calls: 3, failures: 1, rejections: 0, failureCount: 1, failureThreshold: 5, p50: 2, p95: 4, p99: 9 };
    const a = {
      process: 'a',
      state: {
        ...initialState(0),
        errorsByCategory: [point(0, { network: 2 }), point(1_000, { api: 1 })],
        breakerSeries: new Map([['kraken', [{ at: 0, spanMs: 1_000, ...bp }]]]),
        modes: [
          { at: 0, mode: 'live' as const },
          { at: 1_500, mode: 'paper' as const },
          { at: 4_000, mode: 'live' as const },
        ],
      },
    };
    // b's first point is an older, coarser one (compacted): the 500 ms point inside it folds into it.
    const b = {
      process: 'b',
      state: {
        ...initialState(0),
        errorsByCategory: [point(1_000, { network: 1 }, 2_000), point(3_000, { data: 4 })],
        breakerSeries: new Map([['kraken', []]]),
        modes: [
          { at: 0, mode: 'live' as const },
          { at: 3_000, mode: 'paper' as const },
          { at: 5_000, mode: 'live' as const },
        ],
      },
    };
    const { state } = mergeFleet([a, b], DEFAULT_LIMITS, 6_000);
    expect(state.errorsByCategory).toEqual([
      point(0, { network: 2 }),
      point(1_000, { api: 1, network: 1 }, 1_000),
      point(3_000, { data: 4 }),
    ]);
    expect([...state.breakerSeries]).toEqual([
      ['a / kraken', [{ at: 0, spanMs: 1_000, ...bp }]],
      ['b / kraken', []],
    ]);
    expect(state.modes).toEqual([
      { at: 0, mode: 'live' },
      { at: 1_500, mode: 'paper' },
      { at: 5_000, mode: 'live' },
    ]);
    expect(mergeFleet([a, b], { ...DEFAULT_LIMITS, chartPoints: 2 }, 6_000).state.errorsByCategory).toEqual([
      point(1_000, { api: 1, network: 1 }, 1_000),
      point(3_000, { data: 4 }),
    ]);
  });
});
