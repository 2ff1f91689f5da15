import { broadcastDevtools } from '@breakwater/browser';
import { ErrorHandler, type DevtoolsMessage } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../state/DevtoolsState.ts';
import { broadcastSource } from './broadcastSource.ts';

const T0 = 1_700_000_000_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const channel = `bw-test-${Math.random().toString(36).slice(2)}`;
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ circuitBreaker: { failureThreshold: 1 } }, { clock, recoveryActions: [] });
  const stopProducer = broadcastDevtools(handler, { channel, label: 'trading tab' });
  const source = broadcastSource({ channel, clock, commandTimeoutMs: 1_000 });
  const messages: DevtoolsMessage[] = [];
  const statuses: Array<[ConnectionState, string | undefined]> = [];
  const disconnect = source.connect(
    (m) => messages.push(m as DevtoolsMessage),
    (s, detail) => statuses.push([s, detail]),
  );
  cleanups.push(disconnect, stopProducer);
  return { clock, handler, source, messages, statuses, stopProducer };
}

// BroadcastChannel delivers on the event loop, so these wait for delivery (never for time to pass).
describe('broadcastSource + broadcastDevtools (another tab of the same origin)', () => {
  it('says hello, gets a snapshot, then the batches of that page', async () => {
    const { clock, handler, messages, statuses } = setup();
    await vi.waitFor(() => expect(messages.map((m) => m.type)).toEqual(['snapshot']));
    expect(statuses).toEqual([
      ['connecting', 'waiting for a page running broadcastDevtools()'],
      ['open', 'trading tab'],
    ]);
    await handler.handle(handler.classify(Object.assign(new Error('down'), { code: 'ECONNRESET' }), 'op', 'kraken'));
    await clock.advance(250);
    await vi.waitFor(() => expect(messages.map((m) => m.type)).toEqual(['snapshot', 'batch']));
    const batch = messages[1]!;
    expect(batch.type === 'batch' && batch.breakers.map((b) => [b.name, b.state])).toEqual([['kraken', 'OPEN']]);
  });

  it('carries commands to the page and reports its answer', async () => {
    const { handler, source, messages } = setup();
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    handler.getCircuitBreaker('kraken').isolate();
    await source.command({ type: 'breaker.reset', name: 'kraken' });
    expect(handler.getCircuitBreaker('kraken').state).toBe('CLOSED');
    await expect(source.command({ type: 'breaker.reset', name: 'nope' })).rejects.toThrow(
      'DevtoolsFeed: no circuit breaker named "nope"',
    );
    await source.command({ type: 'mode.set', mode: 'paper' });
    expect(handler.mode).toBe('paper');
  });

  it('waits for another page when the followed one goes away', async () => {
    const { messages, statuses, stopProducer } = setup();
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    stopProducer();
    await vi.waitFor(() =>
      expect(statuses.at(-1)).toEqual(['reconnecting', 'the page went away; waiting for another']),
    );
  });

  it('refuses commands while no page is followed', async () => {
    const source = broadcastSource({ channel: 'bw-nobody', clock: new ManualClock() });
    await expect(source.command({ type: 'mode.set', mode: 'live' })).rejects.toThrow('no page connected');
  });
});
