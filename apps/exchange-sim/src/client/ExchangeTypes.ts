// What the simulator's HTTP API sends and accepts. Plain JSON shapes, shared by the server and the client.

export type OrderSide = 'buy' | 'sell';
/** `open` rests on the book; `filled` crossed the market (at once or later); `canceled` was withdrawn. */
export type OrderStatus = 'open' | 'filled' | 'canceled';

export interface Ticker {
  symbol: string;
  last: number;
  bid: number;
  ask: number;
  /** Epoch ms of the price (the simulator's clock); old when the data is stale. */
  timestamp: number;
}

/** One price level: `[price, amount]`, best first. */
export type BookLevel = [price: number, amount: number];

export interface OrderBook {
  symbol: string;
  bids: BookLevel[];
  asks: BookLevel[];
  timestamp: number;
}

/** Free balance per currency, e.g. `{ USD: 100000, BTC: 1, ETH: 10 }`. Funds of open orders are held apart. */
export type Balances = Record<string, number>;

export interface OrderRequest {
  /** The caller's idempotency key: the exchange refuses a second order with the same one (409 DuplicateOrderId). */
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  amount: number;
  /** Limit price. An order that crosses the market fills at once, at this price. */
  price: number;
}

export interface Order extends OrderRequest {
  /** The exchange's id, e.g. `O17`. */
  id: string;
  status: OrderStatus;
  /** Epoch ms (the simulator's clock). */
  createdAt: number;
  filledAt?: number;
  canceledAt?: number;
}

/** Every error answer: `error` is a ccxt error class name (`RateLimitExceeded`, `OnMaintenance`, …). */
export interface ErrorBody {
  error: string;
  message?: string;
}
