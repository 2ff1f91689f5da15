import { describe, expect, it } from 'vitest';
import { chaosFault } from '../chaos/chaosFault.ts';
import { chaosLatency } from '../chaos/chaosLatency.ts';
import { ErrorHandler } from '../handler/ErrorHandler.ts';
import { parseDevtoolsCommand, parseDevtoolsMessage } from '../protocol/parse.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import type { DevtoolsBatch } from './DevtoolsMessage.ts';
import { DevtoolsFeed } from './DevtoolsFeed.ts';

const T0 = 1_700_000_000_000;

function setup() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({}, { clock, random: seededRandom(1), recoveryActions: [] });
  const reset = chaosFault({
    name: 'reset',
    rate: 0.25,
    fault: () => new Error('chaos reset'),
    random: seededRandom(2),
  });
  const latency = chaosLatency({ name: 'latency', rate: 0.5, ms: 100, clock, random: seededRandom(3), enabled: true });
  const feed = new DevtoolsFeed(handler, { chaos: [reset, latency] });
  return { clock, handler, feed, reset, latency };
}

describe('DevtoolsFeed: chaos switches', () => {
  it('lists the policies in the snapshot, as valid protocol data', () => {
    const { feed } = setup();
    const snapshot = feed.snapshot();
    expect(snapshot.chaos).toEqual([
      { name: 'reset', kind: 'fault', rate: 0.25, enabled: false, injected: 0 },
      { name: 'latency', kind: 'latency', rate: 0.5, enabled: true, injected: 0 },
    ]);
    expect(parseDevtoolsMessage(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('chaos.set switches a policy and sends a batch with the new list even when nothing else happened', async () => {
    const { clock, feed, reset } = setup();
    const batches: DevtoolsBatch[] = [];
    feed.subscribe((b) => batches.push(b));
    feed.execute(parseDevtoolsCommand({ type: 'chaos.set', name: 'reset', enabled: true }));
    expect(reset.enabled).toBe(true);
    await clock.advance(250);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      events: [],
      chaos: [
        { name: 'reset', enabled: true },
        { name: 'latency', enabled: true },
      ],
    });
    await clock.advance(1000);
    expect(batches).toHaveLength(1); // and no more batches after that one
  });

  it('names an unknown policy, and refuses two policies of one name', () => {
    const { feed, handler, reset } = setup();
    expect(() => feed.execute({ type: 'chaos.set', name: 'nope', enabled: true })).toThrow(
      new RangeError('DevtoolsFeed: no chaos policy named "nope"'),
    );
    expect(() => new DevtoolsFeed(handler, { chaos: [reset, reset] })).toThrow(
      new RangeError('DevtoolsFeed: chaos[1].name must be unique among the chaos policies, got "reset"'),
    );
    expect(() => parseDevtoolsCommand({ type: 'chaos.set', name: 'reset', enabled: 'yes' })).toThrow();
  });

  it('sends no chaos list when it was given no policies', () => {
    const clock = new ManualClock(T0);
    const feed = new DevtoolsFeed(new ErrorHandler({}, { clock, recoveryActions: [] }));
    expect('chaos' in feed.snapshot()).toBe(false);
  });
});
