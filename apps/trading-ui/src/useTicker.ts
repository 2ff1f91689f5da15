import { useEffect, useState } from 'react';
import { errorText } from './format.ts';
import { pollDelay, type PollPace } from './pollDelay.ts';
import { SYMBOL, type TickerReading, type TradingSession } from './session.ts';
import { afterPoll, INITIAL_TICKER_STATE, type TickerState } from './tickerState.ts';

export type { TickerState } from './tickerState.ts';

/** Once a second while the exchange answers; slower per failed poll in a row; at the breaker's pace when it is OPEN. */
export const TICKER_PACE: PollPace = { everyMs: 1000, factor: 1.5, maxMs: 8000 };

/** Polls the ticker (the next poll starts after the previous one ended, see {@link TICKER_PACE}). */
export function useTicker(session: TradingSession, symbol = SYMBOL): TickerState {
  const [state, setState] = useState<TickerState>(INITIAL_TICKER_STATE);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      let result: { reading: TickerReading } | { problem: string };
      try {
        result = { reading: await session.pollTicker(symbol) };
      } catch (error) {
        result = { problem: errorText(error) };
      }
      if (stopped) return;
      const now = Date.now();
      // Whether this poll was live depends on its result only.
      failures = afterPoll(INITIAL_TICKER_STATE, result, now).live ? 0 : failures + 1;
      setState((s) => afterPoll(s, result, now));
      const pausedForMs = 'reading' in result ? result.reading.pausedForMs : undefined;
      timer = setTimeout(() => void poll(), pollDelay(TICKER_PACE, { failures, pausedForMs }));
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [session, symbol]);
  return state;
}
