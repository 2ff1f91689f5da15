import type { Balances, ErrorBody, Order, OrderBook, OrderRequest, Ticker } from './ExchangeTypes.ts';
import { ExchangeResponseError, isExchangeResponseError } from './ExchangeResponseError.ts';
import { RequestTimeoutError } from './RequestTimeoutError.ts';

/** The part of `fetch` the client uses; pass a wrapper to count, log or fake requests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ExchangeClientOptions {
  /** Default: the platform's `fetch`, looked up on each call. */
  fetch?: FetchLike;
  /** Give up on a request (headers and body) after this long, with a `RequestTimeout` error. Default 5000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** What may stand as an error's class name; anything else in the `error` field is ignored. */
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * A typed client of the simulator's HTTP API, for Node and browsers alike (it touches nothing but fetch,
 * AbortController and timers). Failures keep the shapes a ccxt-based bot meets, so Breakwater classifies them
 * from structure:
 *
 * - an error status → {@link ExchangeResponseError} named after the server's `error` field (`RateLimitExceeded`
 *   with `status: 429` and `headers['retry-after']`, `OnMaintenance`, `InvalidNonce`, `InsufficientFunds`,
 *   `DuplicateOrderId`, …), or `BadRequest` / `ExchangeNotAvailable` by status when the body names none;
 * - a 2xx body that is not JSON → the `SyntaxError` of `JSON.parse`, as is;
 * - a network failure → fetch's own error, as is (`TypeError: fetch failed`, `cause.code === 'ECONNRESET'`);
 * - no answer in time → {@link RequestTimeoutError} (`name: 'RequestTimeout'`).
 *
 * `baseUrl` is the simulator's origin (`http://127.0.0.1:8787`); `''` means the page's own origin.
 */
export class ExchangeClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly #fetch: FetchLike | undefined;

  constructor(baseUrl: string, options: ExchangeClientOptions = {}) {
    if (typeof baseUrl !== 'string')
      throw new RangeError(`ExchangeClient: baseUrl must be a string, got ${typeof baseUrl}`);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`ExchangeClient: timeoutMs must be a finite number > 0, got ${String(timeoutMs)}`);
    }
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new RangeError(`ExchangeClient: fetch must be a function, got ${typeof options.fetch}`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
    this.#fetch = options.fetch;
  }

  fetchTicker(symbol: string): Promise<Ticker> {
    return this.#call('GET', `/api/ticker?${new URLSearchParams({ symbol })}`);
  }

  fetchOrderBook(symbol: string): Promise<OrderBook> {
    return this.#call('GET', `/api/orderbook?${new URLSearchParams({ symbol })}`);
  }

  fetchBalance(): Promise<Balances> {
    return this.#call('GET', '/api/balance');
  }

  /** Places a limit order. A second call with the same `clientOrderId` fails with `DuplicateOrderId` (409). */
  createOrder(order: OrderRequest): Promise<Order> {
    const { clientOrderId, symbol, side, amount, price } = order;
    return this.#call('POST', '/api/orders', { clientOrderId, symbol, side, amount, price });
  }

  /** The order with this client order id, or `undefined` when the exchange has none (404 `OrderNotFound`). */
  async fetchOrder(clientOrderId: string): Promise<Order | undefined> {
    try {
      return await this.#call<Order>('GET', `/api/orders/${encodeURIComponent(clientOrderId)}`);
    } catch (error) {
      if (isExchangeResponseError(error) && error.status === 404 && error.name === 'OrderNotFound') return undefined;
      throw error;
    }
  }

  fetchOpenOrders(): Promise<Order[]> {
    return this.#call('GET', '/api/orders');
  }

  /** Cancels an open order by its client order id; answers the order as it is now (`status: 'canceled'`). */
  cancelOrder(clientOrderId: string): Promise<Order> {
    return this.#call('DELETE', `/api/orders/${encodeURIComponent(clientOrderId)}`);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new RequestTimeoutError(method, path, this.timeoutMs));
    }, this.timeoutMs);
    const init: RequestInit = { method, signal: controller.signal, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    }
    let response: Response;
    let text: string;
    try {
      const fetchFn = this.#fetch ?? ((url: string, request: RequestInit) => globalThis.fetch(url, request));
      response = await fetchFn(`${this.baseUrl}${path}`, init);
      text = await response.text();
    } catch (error) {
      if (timedOut) throw new RequestTimeoutError(method, path, this.timeoutMs, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) return JSON.parse(text) as T; // a truncated body throws its SyntaxError as is
    throw responseError(method, path, response, text);
  }
}

function responseError(method: string, path: string, response: Response, text: string): ExchangeResponseError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's page, a cut body): the status decides the name
  }
  const { error, message } = (typeof body === 'object' && body !== null ? body : {}) as Partial<ErrorBody>;
  const status = response.status;
  const name =
    typeof error === 'string' && ERROR_NAME.test(error)
      ? error
      : status >= 500
        ? 'ExchangeNotAvailable'
        : status === 429
          ? 'RateLimitExceeded'
          : 'BadRequest';
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  const init = { name, method, path, status, headers, body };
  return new ExchangeResponseError(typeof message === 'string' ? { ...init, detail: message } : init);
}
