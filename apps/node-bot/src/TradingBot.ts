import { handleErrors, withCircuitBreaker, type ErrorHandler } from '@breakwater/core';
import type { Balances, ExchangeClient, Order, OrderRequest, OrderSide, Ticker } from '@breakwater/exchange-sim/client';
import type { OrderJournal } from './OrderJournal.ts';

export interface TradingBotOptions {
  symbol?: string;
  /** Base currency per order. */
  amount?: number;
  /** A ticker older than this is bad data (the simulator's `stale` fault): the last good one stands in. */
  maxTickerAgeMs?: number;
  /** Makes client order ids unique across runs: an exchange that outlives the bot would refuse a reused one. */
  runId: string;
  /** Aborted on shutdown: retry waits end at once instead of holding up Ctrl-C. */
  signal?: AbortSignal;
  /**
   * Unconfirmed client order ids on disk: each is recorded before its order is sent, and the ids an earlier
   * run left are settled (asked about) before this run trades. Without it they live in memory only.
   */
  journal?: OrderJournal;
}

/** What one strategy step did, and whether the exchange answered it without a single failure. */
export interface TickReport {
  line: string;
  calm: boolean;
}

export interface OrderCounts {
  live: number;
  paper: number;
  /** Retries that asked first and found the order already placed (its answer had been lost). */
  foundOnRetry: number;
  /** Orders whose placement failed (or went paper) that were later found on the exchange. */
  reconciled: number;
  /** Client order ids sent whose fate is still unknown (the exchange may or may not have them). */
  unconfirmed: string[];
}

/** Stale market data: a DATA failure, so `data_fallback` serves the last good ticker. */
function staleDataError(symbol: string, ageMs: number): Error {
  return Object.assign(new Error(`stale market data: ${symbol} ticker is ${Math.round(ageMs / 1000)} s old`), {
    name: 'StaleData',
  });
}

/**
 * A moving-average crossover on one symbol. Every exchange call goes through the error handler (retries,
 * rate-limit waits, last-good market data, paper trading) and one shared breaker for the exchange API.
 */
export class TradingBot {
  readonly paperOrders: Order[] = [];
  readonly liveOrders: Order[] = [];
  readonly #exchange: ExchangeClient;
  readonly #handler: ErrorHandler;
  readonly #symbol: string;
  readonly #amount: number;
  readonly #runId: string;
  readonly #prices: number[] = [];
  /** Client order ids sent to the exchange whose fate is not known yet (a retry must ask before resending). */
  readonly #unconfirmed = new Map<string, OrderRequest>();
  readonly #journal: OrderJournal | undefined;
  /** Unconfirmed orders an earlier run left in the journal: no trading until they are settled. */
  readonly #carriedOver = new Set<string>();
  #position: 'flat' | 'long' = 'flat';
  #orderSequence = 0;
  #ticks = 0;
  #foundOnRetry = 0;
  #reconciled = 0;
  /** Raw exchange answers and failures, to tell a calm tick from one that needed recovery. */
  #answers = 0;
  #failures = 0;

  readonly fetchTicker: (symbol: string) => Promise<Ticker>;
  readonly fetchBalance: () => Promise<Balances>;
  readonly fetchOpenOrders: () => Promise<Order[]>;
  readonly fetchOrder: (clientOrderId: string) => Promise<Order | undefined>;
  readonly placeOrder: (request: OrderRequest) => Promise<Order>;

  constructor(exchange: ExchangeClient, handler: ErrorHandler, options: TradingBotOptions) {
    this.#exchange = exchange;
    this.#handler = handler;
    this.#symbol = options.symbol ?? 'BTC/USD';
    this.#amount = options.amount ?? 0.01;
    this.#runId = options.runId;
    this.#journal = options.journal;
    for (const { request } of options.journal?.entries() ?? []) this.#unconfirmed.set(request.clientOrderId, request);
    for (const id of this.#unconfirmed.keys()) this.#carriedOver.add(id);
    const maxTickerAgeMs = options.maxTickerAgeMs ?? 10_000;
    const signal = options.signal;
    const common = { handler, ...(signal ? { signal } : {}) };
    const api = withCircuitBreaker('kraken-api', { registry: handler.breakers });

    this.fetchTicker = handleErrors<[string], Ticker>({
      operation: 'fetch_ticker',
      component: 'market-data',
      cache: true,
      ...common,
    })(
      api((symbol: string) =>
        this.#observe(async () => {
          const ticker = await exchange.fetchTicker(symbol);
          const ageMs = handler.clock.now() - ticker.timestamp;
          if (ageMs > maxTickerAgeMs) throw staleDataError(symbol, ageMs);
          return ticker;
        }),
      ),
    );
    this.fetchBalance = handleErrors<[], Balances>({
      operation: 'fetch_balance',
      component: 'account',
      cache: true,
      ...common,
    })(api(() => this.#observe(() => exchange.fetchBalance())));
    this.fetchOpenOrders = handleErrors<[], Order[]>({
      operation: 'fetch_open_orders',
      component: 'orders',
      cache: true,
      ...common,
    })(api(() => this.#observe(() => exchange.fetchOpenOrders())));
    // No cache: "not found" a minute ago says nothing about now.
    this.fetchOrder = handleErrors<[string], Order | undefined>({
      operation: 'fetch_order',
      component: 'orders',
      ...common,
    })(api((clientOrderId: string) => this.#observe(() => exchange.fetchOrder(clientOrderId))));
    // A write: never cached. Each attempt (first or retry) runs #liveOrder with the same request, so the same id.
    this.placeOrder = handleErrors<[OrderRequest], Order>({
      operation: 'create_order',
      component: 'orders',
      degrade: (request) => this.#paperOrder(request),
      ...common,
    })(api((request: OrderRequest) => this.#observe(() => this.#liveOrder(request))));
  }

  get position(): 'flat' | 'long' {
    return this.#position;
  }

  get orderCounts(): OrderCounts {
    return {
      live: this.liveOrders.length,
      paper: this.paperOrders.length,
      foundOnRetry: this.#foundOnRetry,
      reconciled: this.#reconciled,
      unconfirmed: [...this.#unconfirmed.keys()],
    };
  }

  /** One strategy step: read the price, trade on a crossover (if funds allow), now and then list open orders. */
  async tick(): Promise<TickReport> {
    const answers = this.#answers;
    const failures = this.#failures;
    this.#ticks++;
    const { last, bid, ask } = await this.fetchTicker(this.#symbol);
    this.#prices.push(last);
    if (this.#prices.length > 20) this.#prices.shift();
    const fast = average(this.#prices.slice(-5));
    const slow = average(this.#prices);
    let line = `price ${last}`;
    const enough = this.#prices.length >= 10;
    // Limit prices on the far side of the book fill at once: the position follows the order.
    if (enough && fast > slow && this.#position === 'flat') line = await this.#trade('buy', ask);
    else if (enough && fast < slow && this.#position === 'long') line = await this.#trade('sell', bid);
    if (this.#ticks % 20 === 0) line += `; ${(await this.fetchOpenOrders()).length} open orders`;
    return { line, calm: this.#failures === failures && this.#answers > answers };
  }

  /** Orders sent whose fate is unknown: their placement failed for good, or paper trading took over mid-retry. */
  get unconfirmed(): number {
    return this.#unconfirmed.size;
  }

  /**
   * Unconfirmed orders left by an earlier run (sent just before a crash, answer lost): the position is not
   * known until they are reconciled, so the run loop reconciles before it lets the strategy trade.
   */
  get carriedOver(): number {
    return this.#carriedOver.size;
  }

  /**
   * Settles orders whose placement ended without an answer (retries spent, or paper mode took over mid-retry):
   * each may have reached the exchange with its answer lost. Ask for each; one that exists was a real trade,
   * and the position follows it. Runs only live, with the exchange's breaker letting calls through.
   */
  async reconcile(): Promise<string[]> {
    const lines: string[] = [];
    for (const [clientOrderId] of [...this.#unconfirmed]) {
      const order = await this.fetchOrder(clientOrderId);
      await this.#settle(clientOrderId);
      if (order) {
        this.#reconciled++;
        this.liveOrders.push(order);
        this.#position = order.side === 'buy' ? 'long' : 'flat';
        lines.push(
          `reconciled ${clientOrderId}: placed as ${order.id} (${order.side} ${order.amount} @ ${order.price}) ` +
            'though its answer was lost',
        );
      } else {
        lines.push(`reconciled ${clientOrderId}: never reached the exchange`);
      }
    }
    return lines;
  }

  async #trade(side: OrderSide, price: number): Promise<string> {
    const balance = await this.fetchBalance();
    const [base, quote] = this.#symbol.split('/') as [string, string];
    const free = side === 'buy' ? (balance[quote] ?? 0) / price : (balance[base] ?? 0);
    if (free < this.#amount) return `skip ${side}: ${free.toFixed(4)} ${base} available`;
    // The idempotency key is fixed here, before the first attempt: every retry of this order carries it.
    const request: OrderRequest = {
      clientOrderId: `bw-${this.#runId}-${++this.#orderSequence}`,
      symbol: this.#symbol,
      side,
      amount: this.#amount,
      price,
    };
    const order = await this.placeOrder(request);
    this.#position = side === 'buy' ? 'long' : 'flat';
    return `${side.toUpperCase()} ${order.id} ${order.clientOrderId} @ ${price}`;
  }

  /**
   * One attempt to place `request`. A retry never sends blind: the previous attempt may have been accepted
   * with its answer lost (a reset or a cut body after the exchange stored it), so it asks first.
   */
  async #liveOrder(request: OrderRequest): Promise<Order> {
    const { clientOrderId } = request;
    if (this.#unconfirmed.has(clientOrderId)) {
      const existing = await this.#exchange.fetchOrder(clientOrderId);
      if (existing) {
        this.#foundOnRetry++;
        return this.#confirmed(existing);
      }
    }
    this.#unconfirmed.set(clientOrderId, request);
    // On disk before it leaves: a crash from here on leaves an id the next run asks about.
    await this.#journal?.sent(request, this.#handler.clock.now());
    return this.#confirmed(await this.#exchange.createOrder(request));
  }

  async #confirmed(order: Order): Promise<Order> {
    await this.#settle(order.clientOrderId);
    this.liveOrders.push(order);
    return order;
  }

  async #settle(clientOrderId: string): Promise<void> {
    this.#unconfirmed.delete(clientOrderId);
    this.#carriedOver.delete(clientOrderId);
    await this.#journal?.settled(clientOrderId);
  }

  #paperOrder(request: OrderRequest): Order {
    const order: Order = {
      ...request,
      id: `PAPER-${this.paperOrders.length + 1}`,
      status: 'filled',
      createdAt: this.#handler.clock.now(),
    };
    this.paperOrders.push(order);
    return order;
  }

  async #observe<T>(call: () => Promise<T>): Promise<T> {
    try {
      const value = await call();
      this.#answers++;
      return value;
    } catch (error) {
      this.#failures++;
      throw error;
    }
  }
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
