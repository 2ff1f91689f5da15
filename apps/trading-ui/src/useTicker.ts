import { useEffect, useState } from 'react';
import type { Ticker } from '@breakwater/exchange-sim/client';
import { errorText } from './format.ts';
import { pollDelay, type PollPace } from './pollDelay.ts';
import { isOldTicker, SYMBOL, type TickerReading, type TradingSession } from './session.ts';

export interface TickerState {
  /** The last ticker shown (live, or the last good one standing in). */
  ticker: Ticker | undefined;
  /** Wall-clock ms of the last live answer with a fresh stamp; undefined until there is one (after a reload too). */
  liveAt: number | undefined;
  /** The last poll got a fresh price from the exchange. */
  live: boolean;
  /** Why the last poll was not live. */
  problem: string | undefined;
  polls: number;
}

/** Once a second while the exchange answers; slower per failed poll in a row; at the breaker's pace when it is OPEN. */
export const TICKER_PACE: PollPace = { everyMs: 1000, factor: 1.5, maxMs: 8000 };

/** Polls the ticker (the next poll starts after the previous one ended, see {@link TICKER_PACE}). */
export function useTicker(session: TradingSession, symbol = SYMBOL): TickerState {
  const [state, setState] = useState<TickerState>({ ticker: undefined, liveAt: undefined, live: false, problem: undefined, polls: 0 });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      let reading: TickerReading | undefined;
      let problem: string | undefined;
      try {
        reading = await session.pollTicker(symbol);
      } catch (error) {
        problem = errorText(error);
      }
      if (stopped) return;
      const now = Date.now();
      // A live answer with an old stamp is no live price (the exchange served stale data).
      const live = reading?.live === true && reading.ticker !== undefined && !isOldTicker(reading.ticker, now);
      failures = live ? 0 : failures + 1;
      setState((s) => ({
        ticker: reading?.ticker ?? s.ticker,
        liveAt: live ? now : s.liveAt,
        live,
        problem: live ? undefined : (problem ?? notLiveReason(reading)),
        polls: s.polls + 1,
      }));
      timer = setTimeout(poll, pollDelay(TICKER_PACE, { failures, pausedForMs: reading?.pausedForMs }));
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [session, symbol]);
  return state;
}

function notLiveReason(reading: TickerReading | undefined): string {
  if (reading?.pausedForMs !== undefined) return 'market data paused after repeated failures; last good price shown';
  if (reading?.live) return 'the exchange sent an old price';
  return 'the exchange did not answer; last good price shown';
}
