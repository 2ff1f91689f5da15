import { describe, expect, it } from 'vitest';
import type { Ticker } from '@breakwater/exchange-sim/client';
import { afterPoll, freshness, INITIAL_TICKER_STATE } from './tickerState.ts';

const NOW = 1_800_000_000_000;
const ticker = (ageMs: number): Ticker => ({
  symbol: 'BTC/USD',
  last: 42_000,
  bid: 41_990,
  ask: 42_010,
  timestamp: NOW - ageMs,
});

describe('ticker state', () => {
  it('a live answer: live badge; 4 s without another: stale with its age', () => {
    const s = afterPoll(INITIAL_TICKER_STATE, { reading: { ticker: ticker(100), live: true } }, NOW);
    expect(freshness(s, NOW + 500)).toEqual({ stale: false, badge: 'live' });
    expect(freshness(s, NOW + 4200)).toEqual({ stale: true, badge: 'stale · last live price 4 s ago' });
  });

  it('after a reload, an answer with an old stamp is no live price: it says so, never "0 s ago"', () => {
    const s = afterPoll(INITIAL_TICKER_STATE, { reading: { ticker: ticker(45_000), live: true } }, NOW);
    expect(s).toMatchObject({ liveAt: undefined, live: false, problem: 'the exchange sent an old price' });
    expect(freshness(s, NOW)).toEqual({ stale: true, badge: 'stale · no live price yet' });
  });

  it('an old stamp after live prices keeps the age of the last live one', () => {
    const first = afterPoll(INITIAL_TICKER_STATE, { reading: { ticker: ticker(100), live: true } }, NOW);
    const s = afterPoll(first, { reading: { ticker: ticker(45_000), live: true } }, NOW + 2000);
    expect(s.liveAt).toBe(NOW);
    expect(freshness(s, NOW + 2000)).toEqual({ stale: true, badge: 'stale · last live price 2 s ago' });
  });

  it('a paused or failed poll keeps the last price and says why', () => {
    const first = afterPoll(INITIAL_TICKER_STATE, { reading: { ticker: ticker(100), live: true } }, NOW);
    const paused = afterPoll(first, { reading: { ticker: first.ticker, live: false, pausedForMs: 4000 } }, NOW + 1000);
    expect(paused).toMatchObject({
      ticker: first.ticker,
      liveAt: NOW,
      live: false,
      problem: 'market data paused after repeated failures; last good price shown',
      polls: 2,
    });
    const standIn = afterPoll(
      first,
      { reading: { ticker: first.ticker, live: false, error: new RangeError('boom') } },
      NOW + 1000,
    );
    expect(standIn.problem).toBe('RangeError: boom; last good price shown');
    const failed = afterPoll(
      INITIAL_TICKER_STATE,
      { problem: 'OnMaintenance: the exchange is under maintenance' },
      NOW,
    );
    expect(failed).toMatchObject({
      ticker: undefined,
      liveAt: undefined,
      problem: 'OnMaintenance: the exchange is under maintenance',
    });
  });
});
