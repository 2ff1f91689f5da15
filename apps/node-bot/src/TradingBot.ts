import { handleErrors, withCircuitBreaker, type ErrorHandler } from '@breakwater/core';
import type { FlakyExchange, Order } from './FlakyExchange.ts';

/**
 * A moving-average crossover on one symbol. Every exchange call goes through the error handler (retries,
 * rate-limit waits, last-good market data, paper trading) and one shared breaker for the exchange API.
 */
export class TradingBot {
  readonly paperOrders: Order[] = [];
  readonly #exchange: FlakyExchange;
  readonly #prices: number[] = [];
  readonly #attempted = new Set<string>();
  #position: 'flat' | 'long' = 'flat';
  #orderSequence = 0;

  readonly fetchTicker: (symbol: string) => Promise<{ symbol: string; last: number }>;
  readonly placeOrder: (side: 'buy' | 'sell', price: number) => Promise<Order>;

  constructor(exchange: FlakyExchange, handler: ErrorHandler) {
    this.#exchange = exchange;
    const api = withCircuitBreaker('kraken-api', { registry: handler.breakers });
    this.fetchTicker = handleErrors<[string], { symbol: string; last: number }>({
      operation: 'fetch_ticker',
      component: 'market-data',
      cache: true, // a read: last-known-good prices may stand in when the exchange fails
      handler,
    })(api((symbol: string) => exchange.fetchTicker(symbol)));
    this.placeOrder = handleErrors<['buy' | 'sell', number], Order>({
      operation: 'create_order',
      component: 'orders',
      handler,
      degrade: (side, price) => this.#paperOrder(side, price),
    })(api((side: 'buy' | 'sell', price: number) => this.#liveOrder(side, price)));
  }

  get position(): 'flat' | 'long' {
    return this.#position;
  }

  /** One strategy step: read the price, trade on a crossover. */
  async tick(): Promise<string> {
    const { last } = await this.fetchTicker('BTC/USD');
    this.#prices.push(last);
    if (this.#prices.length > 20) this.#prices.shift();
    const fast = average(this.#prices.slice(-5));
    const slow = average(this.#prices);
    if (this.#prices.length >= 10 && fast > slow && this.#position === 'flat') {
      const order = await this.placeOrder('buy', last);
      this.#position = 'long';
      return `BUY ${order.id} @ ${last}`;
    }
    if (this.#prices.length >= 10 && fast < slow && this.#position === 'long') {
      const order = await this.placeOrder('sell', last);
      this.#position = 'flat';
      return `SELL ${order.id} @ ${last}`;
    }
    return `price ${last}`;
  }

  /**
   * Idempotent by client order id: the id is fixed before the first attempt, and a retry first asks whether
   * the exchange already has the order (a timeout may have hidden its acceptance).
   */
  #liveOrder(side: 'buy' | 'sell', price: number): Promise<Order> {
    const clientOrderId = `bw-${side}-${this.#orderSequence}`;
    return (async () => {
      if (this.#attempted.has(clientOrderId)) {
        const existing = await this.#exchange.fetchOrder(clientOrderId);
        if (existing) return this.#placed(existing);
      }
      this.#attempted.add(clientOrderId);
      return this.#placed(await this.#exchange.createOrder(clientOrderId, side, 0.01, price));
    })();
  }

  #placed(order: Order): Order {
    this.#orderSequence++;
    this.#attempted.delete(order.clientOrderId);
    return order;
  }

  #paperOrder(side: 'buy' | 'sell', price: number): Order {
    const order = { id: `PAPER-${this.paperOrders.length + 1}`, clientOrderId: `paper-${this.paperOrders.length + 1}`, side, amount: 0.01, price };
    this.paperOrders.push(order);
    return order;
  }
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
