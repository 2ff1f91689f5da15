import { ErrorHandler, type DevtoolsMessage } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { inPageSource } from '../index.ts';

const T0 = 1_700_000_000_000;
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function setup() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(1), recoveryActions: [] },
  );
  const source = inPageSource(handler);
  const messages: DevtoolsMessage[] = [];
  const statuses: string[] = [];
  return {
    clock,
    handler,
    source,
    messages,
    statuses,
    connect: () =>
      source.connect(
        (m) => messages.push(m as DevtoolsMessage),
        (s) => statuses.push(s),
      ),
  };
}

describe('inPageSource', () => {
  it('starts with a snapshot, then delivers the feed batches', async () => {
    const { clock, handler, messages, statuses, connect } = setup();
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    connect();
    expect(statuses).toEqual(['connecting', 'open']);
    expect(messages.map((m) => [m.type, m.seq])).toEqual([['snapshot', 0]]);
    expect(messages[0]).toMatchObject({
      type: 'snapshot',
      history: [expect.objectContaining({ component: 'kraken' })],
    });
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    await clock.advance(250);
    expect(messages.map((m) => [m.type, m.seq])).toEqual([
      ['snapshot', 0],
      ['batch', 1],
    ]);
    expect(messages[1]).toMatchObject({ breakers: [expect.objectContaining({ name: 'kraken', state: 'OPEN' })] });
  });

  it('stops listening to the handler when disconnected', async () => {
    const { clock, handler, messages, connect } = setup();
    const stop = connect();
    stop();
    await handler.handle(handler.classify(reset(), 'fetch_ticker', 'kraken'));
    await clock.advance(1_000);
    expect(messages).toHaveLength(1);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('carries out commands on the handler, and rejects what the handler refuses', async () => {
    const { handler, source, connect } = setup();
    connect();
    const kraken = handler.getCircuitBreaker('kraken');
    await source.command({ type: 'breaker.isolate', name: 'kraken' });
    expect(kraken.isolated).toBe(true);
    await source.command({ type: 'breaker.reset', name: 'kraken' });
    expect(kraken.state).toBe('CLOSED');
    await source.command({ type: 'mode.set', mode: 'paper' });
    expect(handler.mode).toBe('paper');
    await expect(source.command({ type: 'breaker.reset', name: 'nope' })).rejects.toThrow(
      new RangeError('DevtoolsFeed: no circuit breaker named "nope"'),
    );
  });
});
