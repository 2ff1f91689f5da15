// The trading screen's exchange access, all through Breakwater: every call is a `handleErrors` wrapper on the
// handler given (the page's, with the IndexedDB store). No React here, so it is unit-testable in Node.
import { handleErrors, type CircuitBreaker, type ErrorHandler, type ErrorHandlerConfig } from '@breakwater/core';
import {
  ExchangeClient,
  isExchangeResponseError,
  type Order,
  type OrderRequest,
  type OrderSide,
  type Ticker,
} from '@breakwater/exchange-sim/client';

export const SYMBOL = 'BTC/USD';

/** Tuned for a screen polling once a second: short backoff, a breaker that trips after 5 failures in a row. */
export const HANDLER_CONFIG: ErrorHandlerConfig = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 4000,
  circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 5000 },
  recoveryActions: { data_fallback: { cacheTtlMs: 10 * 60_000 } },
};

/** Paper mode ends by itself after this many live ticker answers in a row (or by the banner's "Go live"). */
export const LIVE_POLLS_TO_RESUME = 3;
/** A ticker stamped longer ago than this is shown as stale even when it came from the exchange. */
export const STALE_TIMESTAMP_MS = 15_000;

/** The breaker in front of every market-data request (and the handler's component breaker of the ticker). */
export const MARKET_DATA_BREAKER = 'market-data';

export interface TickerReading {
  /** The last good ticker; undefined when the exchange has not answered once yet. */
  ticker: Ticker | undefined;
  /** The exchange answered this poll (not `data_fallback` serving the last good answer). */
  live: boolean;
  /**
   * The market-data breaker is OPEN: no request was sent, and none should be before this many ms (the next
   * poll is the breaker's trial).
   */
  pausedForMs?: number;
  /** Why this poll failed, when the last good ticker stands in for it. */
  error?: unknown;
}

/** An order as the screen shows it: on the exchange, or a paper order made while the exchange was down. */
export interface ShownOrder extends Order {
  paper: boolean;
}

export interface NewOrder {
  side: OrderSide;
  amount: number;
  price: number;
}

interface Probe {
  live: boolean;
  /** The request's failure, kept when the last good answer is served in its place. */
  error?: unknown;
}

export interface TradingSessionOptions {
  /** Default: 4000 ms per request. */
  timeoutMs?: number;
  /** Client order ids; default `ui-<time>-<random>`. */
  newClientOrderId?: () => string;
  /** Override the exchange client (tests). */
  client?: ExchangeClient;
}

export class TradingSession {
  readonly handler: ErrorHandler;
  readonly client: ExchangeClient;
  readonly #newId: () => string;
  readonly #attempts = new Map<string, number>();
  #paper: readonly ShownOrder[] = [];
  readonly #listeners = new Set<() => void>();
  #paperSeq = 0;
  #livePollsInPaper = 0;
  #lastPrice: number | undefined;
  #lastTicker: Ticker | undefined;
  /**
   * Every market-data request goes through it. The handler's own bookkeeping cannot open it during an outage:
   * `exchange_fallback` "recovers" each 503 by switching to paper mode, and recovered errors are neither
   * failures nor successes to the handler; nor does the handler refuse calls when it is OPEN. So the session
   * runs each request through it (every failed answer counts) and sends nothing while it is OPEN. It is the
   * handler's component breaker too: a failure no action recovers (only possible before the first good price,
   * when `data_fallback` has nothing to serve) counts twice, so it opens sooner then — on the safe side.
   */
  readonly marketData: CircuitBreaker;

  readonly #fetchTicker: (symbol: string, probe: Probe) => Promise<Ticker>;
  readonly #placeOrder: (order: OrderRequest) => Promise<ShownOrder>;
  readonly #fetchOpenOrders: () => Promise<Order[]>;
  readonly #cancelOrder: (clientOrderId: string) => Promise<Order>;

  constructor(handler: ErrorHandler, baseUrl: string, options: TradingSessionOptions = {}) {
    this.handler = handler;
    this.client = options.client ?? new ExchangeClient(baseUrl, { timeoutMs: options.timeoutMs ?? 4000 });
    this.#newId =
      options.newClientOrderId ?? (() => `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    const client = this.client;

    const marketData = (this.marketData = handler.getCircuitBreaker(MARKET_DATA_BREAKER));

    // A read: its last good answer stands in (data_fallback) when a poll fails for good. The probe is not part
    // of the cache key; it tells this poll whether the exchange itself answered. No retry: the next poll is
    // the retry, and the poll loop backs off (a retry here multiplied the requests of a failing exchange).
    this.#fetchTicker = handleErrors<[string, Probe], Ticker>({
      operation: 'fetch_ticker',
      component: MARKET_DATA_BREAKER,
      cache: (symbol) => symbol,
      maxRetries: 0,
      handler,
    })(async (symbol: string, probe: Probe) => {
      try {
        const ticker = await marketData.call(() => client.fetchTicker(symbol));
        probe.live = true;
        return ticker;
      } catch (error) {
        probe.error = error;
        throw error;
      }
    });

    // A write: never cached. Before any retry it asks the exchange whether the order already exists (an
    // accepted order whose answer was lost must not be placed twice). Once the handler is in paper mode,
    // `degrade` makes a paper order instead, and no attempt reaches the exchange.
    this.#placeOrder = handleErrors<[OrderRequest], ShownOrder>({
      operation: 'create_order',
      component: 'orders',
      maxRetries: 3,
      handler,
      degrade: (order) => this.#paperOrder(order),
    })(async (order: OrderRequest) => {
      const attempt = this.#attempts.get(order.clientOrderId) ?? 0;
      this.#attempts.set(order.clientOrderId, attempt + 1);
      if (attempt > 0) {
        const existing = await client.fetchOrder(order.clientOrderId);
        if (existing) return { ...existing, paper: false };
      }
      try {
        return { ...(await client.createOrder(order)), paper: false };
      } catch (error) {
        if (isExchangeResponseError(error) && error.name === 'DuplicateOrderId') {
          const existing = await client.fetchOrder(order.clientOrderId);
          if (existing) return { ...existing, paper: false };
        }
        throw error;
      }
    });

    // Polled: the next poll is the retry.
    this.#fetchOpenOrders = handleErrors<[], Order[]>({
      operation: 'fetch_open_orders',
      component: 'orders',
      cache: true,
      maxRetries: 0,
      handler,
    })(() => client.fetchOpenOrders());

    this.#cancelOrder = handleErrors<[string], Order>({
      operation: 'cancel_order',
      component: 'orders',
      maxRetries: 2,
      handler,
    })((id: string) => client.cancelOrder(id));
  }

  /**
   * One ticker poll: at most one request, none while the market-data breaker is OPEN (the last good ticker
   * stands in, with `pausedForMs`). Rejects only when the exchange failed and no last good ticker is at hand.
   */
  async pollTicker(symbol = SYMBOL): Promise<TickerReading> {
    const pausedForMs = this.marketData.state === 'OPEN' ? this.marketData.retryAfterMs : 0;
    if (pausedForMs === undefined || pausedForMs > 0) {
      this.#livePollsInPaper = 0;
      // Isolated by hand (undefined): paused until someone resets it; ask again in a while.
      return { ticker: this.#lastTicker, live: false, pausedForMs: pausedForMs ?? this.marketData.recoveryTimeoutMs };
    }
    const probe: Probe = { live: false };
    let ticker: Ticker;
    try {
      ticker = await this.#fetchTicker(symbol, probe);
    } catch (error) {
      this.#livePollsInPaper = 0;
      if (this.#lastTicker === undefined) throw error;
      return { ticker: this.#lastTicker, live: false, error };
    }
    if (probe.live) {
      this.#lastPrice = ticker.last;
      this.#lastTicker = ticker;
    }
    this.#noteTickerPoll(probe.live);
    return probe.live ? { ticker, live: true } : { ticker, live: false, error: probe.error };
  }

  /** Paper mode ends after {@link LIVE_POLLS_TO_RESUME} live ticker answers in a row. */
  #noteTickerPoll(live: boolean): void {
    if (this.handler.mode !== 'paper' || !live) {
      this.#livePollsInPaper = 0;
      return;
    }
    this.#livePollsInPaper++;
    if (this.#livePollsInPaper >= LIVE_POLLS_TO_RESUME) {
      this.#livePollsInPaper = 0;
      this.handler.setMode('live', `exchange answered ${LIVE_POLLS_TO_RESUME} ticker polls in a row`);
    }
  }

  /** Back to live trading by hand (the banner's "Go live"). */
  goLive(): void {
    this.#livePollsInPaper = 0;
    if (this.handler.mode === 'paper') this.handler.setMode('live', 'trader chose to go live');
  }

  placeOrder(order: NewOrder, symbol = SYMBOL): Promise<ShownOrder> {
    return this.#placeOrder({ clientOrderId: this.#newId(), symbol, ...order });
  }

  fetchOpenOrders(): Promise<Order[]> {
    return this.#fetchOpenOrders();
  }

  cancelOrder(clientOrderId: string): Promise<Order> {
    return this.#cancelOrder(clientOrderId);
  }

  /** Paper orders made so far, newest first (a new array on every change). */
  paperOrders(): readonly ShownOrder[] {
    return this.#paper;
  }

  discardPaperOrder(clientOrderId: string): void {
    const kept = this.#paper.filter((o) => o.clientOrderId !== clientOrderId);
    if (kept.length === this.#paper.length) return;
    this.#paper = kept;
    this.#emit();
  }

  /** Called when paper orders change. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #paperOrder(order: OrderRequest): ShownOrder {
    const last = this.#lastPrice;
    const crosses = last !== undefined && (order.side === 'buy' ? order.price >= last : order.price <= last);
    const now = Date.now();
    const shown: ShownOrder = {
      ...order,
      id: `PAPER-${++this.#paperSeq}`,
      status: crosses ? 'filled' : 'open',
      createdAt: now,
      ...(crosses ? { filledAt: now } : {}),
      paper: true,
    };
    this.#paper = [shown, ...this.#paper];
    this.#emit();
    return shown;
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** Whether a ticker is stale by its own stamp, at `now` (epoch ms). */
export function isOldTicker(ticker: Ticker, now: number): boolean {
  return now - ticker.timestamp > STALE_TIMESTAMP_MS;
}
