import { useEffect, useState } from 'react';
import type { Ticker } from '@breakwater/exchange-sim/client';
import { errorText } from './format.ts';
import { SYMBOL, type TickerReading, type TradingSession } from './session.ts';

export interface TickerState {
  /** The last ticker shown (live, or the last good one standing in). */
  ticker: Ticker | undefined;
  /** Wall-clock ms of the last live answer. */
  liveAt: number | undefined;
  /** The last poll got its price from the exchange. */
  live: boolean;
  /** Why the last poll was not live, when it failed. */
  problem: string | undefined;
  polls: number;
}

export const TICKER_POLL_MS = 1000;

/** Polls the ticker every second (the next poll starts a second after the previous one ended). */
export function useTicker(session: TradingSession, symbol = SYMBOL): TickerState {
  const [state, setState] = useState<TickerState>({ ticker: undefined, liveAt: undefined, live: false, problem: undefined, polls: 0 });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let reading: TickerReading | undefined;
      let problem: string | undefined;
      try {
        reading = await session.pollTicker(symbol);
      } catch (error) {
        problem = errorText(error);
      }
      if (stopped) return;
      setState((s) => ({
        ticker: reading?.ticker ?? s.ticker,
        liveAt: reading?.live ? Date.now() : s.liveAt,
        live: reading?.live ?? false,
        problem: reading?.live ? undefined : (problem ?? 'the exchange did not answer; last good price shown'),
        polls: s.polls + 1,
      }));
      timer = setTimeout(poll, TICKER_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [session, symbol]);
  return state;
}
