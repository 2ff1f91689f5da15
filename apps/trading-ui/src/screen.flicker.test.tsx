// The flicker count, end to end in Node: the session polling a simulated exchange through 100 s of a
// lively fault mix (on a manual clock, at the poll loop's own pace), the banner read after every poll.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorHandler } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { startExchangeSim, type ExchangeSim } from '@breakwater/exchange-sim';
import { pollDelay } from './pollDelay.ts';
import { HANDLER_CONFIG, TradingSession } from './session.ts';
import { StatusBanner } from './StatusBanner.tsx';
import { StatusModel } from './status.ts';
import { TICKER_PACE } from './useTicker.ts';

/** Like the `lively` scenario, without its real-time latencies: resets, rate limits, maintenance, corrupt data. */
const LIVELY_FAST = {
  phases: [
    { name: 'calm', durationMs: 10_000 },
    { name: 'flaky network', durationMs: 20_000, faults: { reset: 0.3 } },
    { name: 'rate limited', durationMs: 20_000, faults: { rateLimit: { probability: 0.4, retryAfterS: 2 } } },
    { name: 'maintenance window', durationMs: 15_000, maintenance: true },
    { name: 'corrupt data', durationMs: 20_000, faults: { malformed: 0.3 } },
    { name: 'calm again', durationMs: 15_000 },
  ],
};

describe('the banner through 100 s of a lively exchange', () => {
  let sim: ExchangeSim | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it('changes a handful of times, each to the cause of the phase, with far fewer requests than 1 poll/s', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    sim = await startExchangeSim({ port: 0, seed: 11, clock, scenario: LIVELY_FAST });
    const handler = new ErrorHandler(HANDLER_CONFIG, { clock });
    const session = new TradingSession(handler, sim.url, { timeoutMs: 2000 });
    const model = new StatusModel(handler);
    const stop = model.subscribe(() => undefined);
    const shown: Array<{ at: number; kind: string }> = [];
    const start = clock.now();
    let failures = 0;
    while (clock.now() - start < 100_000) {
      const reading = await session.pollTicker().catch(() => undefined);
      failures = reading?.live ? 0 : failures + 1;
      const html = renderToStaticMarkup(
        <StatusBanner status={model.getSnapshot()} now={clock.now()} tickerStale={false} onGoLive={() => undefined} />,
      );
      const kind = /data-status="([^"]+)"/.exec(html)![1]!;
      if (kind !== shown.at(-1)?.kind) shown.push({ at: Math.round((clock.now() - start) / 1000), kind });
      await clock.advance(pollDelay(TICKER_PACE, { failures, pausedForMs: reading?.pausedForMs }));
    }
    stop();
    // Rate limits once 3 of 6 polls are refused; paper trading as the maintenance window opens (50 s); after
    // it, the last cause until the corrupt answers outnumber it; live once 3 good answers span 5 s. The flaky
    // network's resets never made 3 of 6 polls fail here.
    expect(shown.map((s) => s.kind)).toEqual(['live', 'rate-limit', 'paper', 'maintenance', 'corrupt-data', 'live']);
    expect(shown.find((s) => s.kind === 'paper')!.at).toBe(50);
    // The breaker and the backoff: fewer requests than one a second, though the exchange failed for 60 s of 100.
    expect(sim.stats().requests).toBeLessThan(90);
  });
});
