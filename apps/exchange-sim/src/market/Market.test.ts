import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { Market } from './Market.ts';

const symbols = { 'BTC/USD': 42_000, 'ETH/USD': 2_500 };

describe('Market', () => {
  it('walks each symbol one seeded step per read, within the volatility', () => {
    const clock = new ManualClock(500);
    const market = new Market({ symbols, random: seededRandom(9), clock, volatility: 0.01 });
    const again = new Market({ symbols, random: seededRandom(9), clock, volatility: 0.01 });
    let previous = 42_000;
    for (let i = 0; i < 50; i++) {
      const ticker = market.ticker('BTC/USD');
      expect(ticker).toEqual(again.ticker('BTC/USD'));
      expect(Math.abs(ticker.last / previous - 1)).toBeLessThanOrEqual(0.0101);
      expect(ticker.bid).toBeLessThan(ticker.last);
      expect(ticker.ask).toBeGreaterThan(ticker.last);
      expect(ticker.timestamp).toBe(500);
      previous = ticker.last;
    }
    expect(market.quote('ETH/USD').last).toBe(2_500); // untouched: nobody asked
  });

  it('shows the price before the last step, stamped ageMs ago, when stale', () => {
    const clock = new ManualClock(10_000);
    const market = new Market({ symbols, random: seededRandom(1), clock });
    const first = market.ticker('BTC/USD');
    const second = market.ticker('BTC/USD');
    expect(market.staleTicker('BTC/USD', 3_000)).toMatchObject({ last: first.last, timestamp: 7_000 });
    expect(market.staleOrderBook('BTC/USD', 3_000).timestamp).toBe(7_000);
    expect(market.quote('BTC/USD').last).toBe(second.last); // stale reads do not move the walk
  });

  it('moves on the clock instead when given stepMs', () => {
    const clock = new ManualClock(0);
    const market = new Market({ symbols, random: seededRandom(1), clock, stepMs: 1_000 });
    expect([market.ticker('BTC/USD').last, market.ticker('BTC/USD').last]).toEqual([42_000, 42_000]);
    clock.set(2_500);
    const moved = market.ticker('BTC/USD').last;
    expect(moved).not.toBe(42_000);
    expect(market.ticker('BTC/USD').last).toBe(moved);
    clock.set(3_000); // the half step owed since 2 000 + 500 completes one more step
    expect(market.ticker('BTC/USD').last).not.toBe(moved);
  });

  it('builds an order book of depth levels around the spread', () => {
    const market = new Market({ symbols, random: seededRandom(1), clock: new ManualClock(0), depth: 5 });
    const book = market.orderBook('ETH/USD');
    expect(book.bids).toHaveLength(5);
    expect(book.asks).toHaveLength(5);
    const quote = market.quote('ETH/USD');
    expect(book.bids[0]![0]).toBe(quote.bid);
    expect(book.asks[0]![0]).toBe(quote.ask);
    for (let i = 1; i < 5; i++) {
      expect(book.bids[i]![0]).toBeLessThan(book.bids[i - 1]![0]);
      expect(book.asks[i]![0]).toBeGreaterThan(book.asks[i - 1]![0]);
    }
    for (const [, amount] of [...book.bids, ...book.asks]) expect(amount).toBeGreaterThan(0);
    expect(() => market.ticker('XRP/USD')).toThrow('Market: unknown symbol "XRP/USD"');
  });
});
