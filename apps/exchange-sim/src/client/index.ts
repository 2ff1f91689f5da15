// @breakwater/exchange-sim/client — the simulator's typed client.
// Browser-safe: fetch, AbortController and timers only.

export { ExchangeClient, type ExchangeClientOptions, type FetchLike } from './ExchangeClient.ts';
export { ExchangeResponseError, isExchangeResponseError, type ExchangeResponseInit } from './ExchangeResponseError.ts';
export { RequestTimeoutError, isRequestTimeoutError } from './RequestTimeoutError.ts';
export type {
  Balances,
  BookLevel,
  ErrorBody,
  Order,
  OrderBook,
  OrderRequest,
  OrderSide,
  OrderStatus,
  Ticker,
} from './ExchangeTypes.ts';
