// The ticker as the screen shows it, from poll results: what changes on each poll, and how fresh it is now.
import type { Ticker } from '@breakwater/exchange-sim/client';
import { errorText, formatAge } from './format.ts';
import { isOldTicker, type TickerReading } from './session.ts';

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

export const INITIAL_TICKER_STATE: TickerState = {
  ticker: undefined,
  liveAt: undefined,
  live: false,
  problem: undefined,
  polls: 0,
};

/** A live answer older than this (no fresh poll since) is shown as stale too. */
export const FRESH_FOR_MS = 3000;

/** The state after a poll that read `reading` (or failed with `problem`) at wall-clock `now`. */
export function afterPoll(
  s: TickerState,
  result: { reading: TickerReading } | { problem: string },
  now: number,
): TickerState {
  const reading = 'reading' in result ? result.reading : undefined;
  // A live answer with an old stamp is no live price (the exchange served stale data).
  const live = reading?.live === true && reading.ticker !== undefined && !isOldTicker(reading.ticker, now);
  return {
    ticker: reading?.ticker ?? s.ticker,
    liveAt: live ? now : s.liveAt,
    live,
    problem: live ? undefined : 'problem' in result ? result.problem : notLiveReason(reading),
    polls: s.polls + 1,
  };
}

/** Whether the shown price is stale at `now`, and the badge that says so. */
export function freshness(s: TickerState, now: number): { stale: boolean; badge: string } {
  const age = s.liveAt === undefined ? undefined : now - s.liveAt;
  const stale =
    !s.live || age === undefined || age > FRESH_FOR_MS || (s.ticker !== undefined && isOldTicker(s.ticker, now));
  if (!stale) return { stale, badge: 'live' };
  return {
    stale,
    badge: age === undefined ? 'stale · no live price yet' : `stale · last live price ${formatAge(age)} ago`,
  };
}

function notLiveReason(reading: TickerReading | undefined): string {
  if (reading?.error !== undefined) return `${errorText(reading.error)}; last good price shown`;
  if (reading?.pausedForMs !== undefined) return 'market data paused after repeated failures; last good price shown';
  if (reading?.live) return 'the exchange sent an old price';
  return 'no fresh answer from the exchange; last good price shown';
}
