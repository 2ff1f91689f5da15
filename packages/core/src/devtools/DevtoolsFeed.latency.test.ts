import { describe, expect, it } from 'vitest';
import { ErrorHandler } from '../handler/ErrorHandler.ts';
import { parseDevtoolsMessage } from '../protocol/parse.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { DevtoolsBatch } from './DevtoolsMessage.ts';
import { DevtoolsFeed } from './DevtoolsFeed.ts';

const T0 = 1_700_000_000_000;

describe('DevtoolsFeed: call latency', () => {
  it('a breaker called while the panel watches carries its latency percentiles, valid on the wire', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler({}, { clock, recoveryActions: [] });
    const feed = new DevtoolsFeed(handler, { intervalMs: 250 });
    const batches: DevtoolsBatch[] = [];
    feed.subscribe((b) => batches.push(b)); // watching makes the breakers' calls timed
    const kraken = handler.breakers.get('kraken');
    for (const ms of [4, 4, 8, 64]) {
      const call = kraken.call(() => clock.sleep(ms).then(() => 'ok'));
      await clock.advance(ms);
      await call;
    }
    await clock.advance(250);
    const last = parseDevtoolsMessage(JSON.parse(JSON.stringify(batches[batches.length - 1])));
    expect(last.breakers.find((b) => b.name === 'kraken')!.latency).toEqual({
      count: 4,
      p50: 4,
      p95: 64,
      p99: 64,
      max: 64,
    });
  });
});
