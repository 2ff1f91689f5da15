import { z } from 'zod';
import type { ErrorBody, OrderRequest } from '../client/ExchangeTypes.ts';
import type { Reply } from '../faults/faultReply.ts';
import type { Account } from '../market/Account.ts';
import type { Market } from '../market/Market.ts';
import type { Endpoint } from './Endpoint.ts';

export interface ApiRequest {
  endpoint: Endpoint;
  query: URLSearchParams;
  /** From the path of fetchOrder / cancelOrder. */
  clientOrderId?: string;
  /** The parsed JSON body of createOrder. */
  body?: unknown;
  /** Serve market data this old (the `stale` fault). */
  staleAgeMs?: number;
}

const orderRequestSchema = z.strictObject({
  clientOrderId: z.string().min(1).max(64),
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  amount: z.number().positive().finite(),
  price: z.number().positive().finite(),
});

const fail = (status: number, name: string, message: string): Reply => ({
  status,
  body: { error: name, message } satisfies ErrorBody,
});

/** The exchange itself, without HTTP or faults: one request in, one answer out. */
export class ExchangeApi {
  readonly #market: Market;
  readonly #account: Account;

  constructor(market: Market, account: Account) {
    this.#market = market;
    this.#account = account;
  }

  answer(request: ApiRequest): Reply {
    const { endpoint } = request;
    switch (endpoint) {
      case 'ticker':
      case 'orderBook':
        return this.#marketData(request);
      case 'balance':
        this.#settle();
        return { status: 200, body: this.#account.balances() };
      case 'openOrders':
        this.#settle();
        return { status: 200, body: this.#account.open() };
      case 'fetchOrder': {
        this.#settle();
        const order = this.#account.get(request.clientOrderId ?? '');
        return order
          ? { status: 200, body: order }
          : fail(404, 'OrderNotFound', `no order with clientOrderId ${JSON.stringify(request.clientOrderId)}`);
      }
      case 'cancelOrder': {
        this.#settle();
        const result = this.#account.cancel(request.clientOrderId ?? '');
        if (result.ok) return { status: 200, body: result.order };
        return fail(result.error === 'OrderNotFound' ? 404 : 400, result.error, result.message);
      }
      case 'createOrder':
        return this.#createOrder(request.body);
    }
  }

  #marketData({ endpoint, query, staleAgeMs }: ApiRequest): Reply {
    const symbol = query.get('symbol');
    if (symbol === null || symbol === '')
      return fail(400, 'BadRequest', 'the symbol query parameter is required, e.g. ?symbol=BTC/USD');
    if (!this.#market.has(symbol)) return this.#badSymbol(symbol);
    const market = this.#market;
    if (staleAgeMs !== undefined) {
      return {
        status: 200,
        body:
          endpoint === 'ticker' ? market.staleTicker(symbol, staleAgeMs) : market.staleOrderBook(symbol, staleAgeMs),
      };
    }
    const body = endpoint === 'ticker' ? market.ticker(symbol) : market.orderBook(symbol);
    this.#account.fillCrossing(symbol, market.quote(symbol));
    return { status: 200, body };
  }

  #createOrder(body: unknown): Reply {
    const parsed = orderRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail(400, 'BadRequest', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const request: OrderRequest = parsed.data;
    if (!this.#market.has(request.symbol)) return this.#badSymbol(request.symbol);
    this.#settle();
    const result = this.#account.place(request, this.#market.quote(request.symbol));
    if (result.ok) return { status: 201, body: result.order };
    return fail(result.error === 'DuplicateOrderId' ? 409 : 400, result.error, result.message);
  }

  #badSymbol(symbol: string): Reply {
    return fail(
      400,
      'BadSymbol',
      `unknown symbol ${JSON.stringify(symbol)}; this exchange lists ${this.#market.symbols.join(', ')}`,
    );
  }

  /** Resting orders fill when the market has moved to them (time steps included). */
  #settle(): void {
    for (const symbol of this.#market.symbols) this.#account.fillCrossing(symbol, this.#market.quote(symbol));
  }
}
