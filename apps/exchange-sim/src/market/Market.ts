import type { Clock, Random } from '@breakwater/core';
import type { BookLevel, OrderBook, Ticker } from '../client/ExchangeTypes.ts';

/** The best prices of a symbol at one moment. */
export interface Quote {
  last: number;
  bid: number;
  ask: number;
}

export interface MarketOptions {
  /** Symbol → starting price. */
  symbols: Readonly<Record<string, number>>;
  random: Random;
  clock: Clock;
  /** Largest relative move of one step. Default 0.001 (0.1 %). */
  volatility?: number;
  /** Move one step per this many ms of clock time; default: one step per market-data request. */
  stepMs?: number;
  /** Levels per side of the order book. Default 10. */
  depth?: number;
}

interface SymbolState {
  last: number;
  previous: number;
  steppedAt: number;
}

/** Steps owed by the clock are capped: a clock jumped by hours should not stall a request. */
const MAX_CATCH_UP_STEPS = 1000;

const cents = (n: number) => Math.max(0.01, Math.round(n * 100) / 100);

/**
 * Prices that wander: a seeded random walk per symbol, one step per market-data request (or per `stepMs` of
 * clock time). A stale view shows the price before the last step with an old timestamp.
 */
export class Market {
  readonly #state = new Map<string, SymbolState>();
  readonly #random: Random;
  readonly #clock: Clock;
  readonly #volatility: number;
  readonly #stepMs: number | undefined;
  readonly #depth: number;

  constructor(options: MarketOptions) {
    this.#random = options.random;
    this.#clock = options.clock;
    this.#volatility = options.volatility ?? 0.001;
    this.#stepMs = options.stepMs;
    this.#depth = options.depth ?? 10;
    const now = this.#clock.now();
    for (const [symbol, price] of Object.entries(options.symbols))
      this.#state.set(symbol, { last: price, previous: price, steppedAt: now });
  }

  get symbols(): string[] {
    return [...this.#state.keys()];
  }

  has(symbol: string): boolean {
    return this.#state.has(symbol);
  }

  /** The prices now, without a request's step (time steps still count). */
  quote(symbol: string): Quote {
    return spreadAround(this.#catchUp(symbol).last);
  }

  /** A market-data read: steps the walk (per request) and answers the new prices. */
  ticker(symbol: string): Ticker {
    const state = this.#read(symbol);
    return { symbol, ...spreadAround(state.last), timestamp: this.#timestamp() };
  }

  orderBook(symbol: string): OrderBook {
    return this.#book(symbol, this.#read(symbol).last, this.#timestamp());
  }

  /** The price before the last step, stamped `ageMs` ago; the walk does not move. */
  staleTicker(symbol: string, ageMs: number): Ticker {
    return { symbol, ...spreadAround(this.#get(symbol).previous), timestamp: this.#timestamp() - ageMs };
  }

  staleOrderBook(symbol: string, ageMs: number): OrderBook {
    return this.#book(symbol, this.#get(symbol).previous, this.#timestamp() - ageMs);
  }

  #book(symbol: string, last: number, timestamp: number): OrderBook {
    const { bid, ask } = spreadAround(last);
    const tick = cents(last * 0.0002);
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < this.#depth; i++) {
      bids.push([cents(bid - i * tick), this.#amount()]);
      asks.push([cents(ask + i * tick), this.#amount()]);
    }
    return { symbol, bids, asks, timestamp };
  }

  #amount(): number {
    return Math.round((0.05 + this.#random() * 1.95) * 10_000) / 10_000;
  }

  #read(symbol: string): SymbolState {
    const state = this.#catchUp(symbol);
    if (this.#stepMs === undefined) this.#step(state);
    return state;
  }

  #catchUp(symbol: string): SymbolState {
    const state = this.#get(symbol);
    if (this.#stepMs === undefined) return state;
    const now = this.#clock.now();
    const owed = Math.floor((now - state.steppedAt) / this.#stepMs);
    for (let i = 0; i < Math.min(owed, MAX_CATCH_UP_STEPS); i++) this.#step(state);
    if (owed > 0) state.steppedAt = owed > MAX_CATCH_UP_STEPS ? now : state.steppedAt + owed * this.#stepMs;
    return state;
  }

  #step(state: SymbolState): void {
    state.previous = state.last;
    state.last = cents(state.last * (1 + (this.#random() - 0.5) * 2 * this.#volatility));
  }

  #get(symbol: string): SymbolState {
    const state = this.#state.get(symbol);
    if (state === undefined) throw new RangeError(`Market: unknown symbol ${JSON.stringify(symbol)}`);
    return state;
  }

  #timestamp(): number {
    return Math.floor(this.#clock.now());
  }
}

/** Bid and ask a hundredth of a percent either side of the last price (at least a cent). */
export function spreadAround(last: number): Quote {
  const half = cents(last * 0.0001);
  return { last, bid: cents(last - half), ask: cents(last + half) };
}
