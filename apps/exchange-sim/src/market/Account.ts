import type { Clock } from '@breakwater/core';
import type { Balances, Order, OrderRequest } from '../client/ExchangeTypes.ts';
import type { Quote } from './Market.ts';

export type PlaceResult =
  { ok: true; order: Order } | { ok: false; error: 'DuplicateOrderId' | 'InsufficientFunds'; message: string };

export type CancelResult =
  { ok: true; order: Order } | { ok: false; error: 'OrderNotFound' | 'InvalidOrder'; message: string };

/** Balances are kept to 8 decimals, like a crypto exchange's smallest units. */
const units = (n: number) => Math.round(n * 1e8) / 1e8;

function currencies(symbol: string): { base: string; quote: string } {
  const [base = symbol, quote = 'USD'] = symbol.split('/');
  return { base, quote };
}

/**
 * One trading account: free balances and orders by client order id. Placing an order holds its funds (the
 * quote currency for a buy, the base for a sell); a fill credits the other side; a cancel gives the hold back.
 * Orders that cross the market fill at once at their own limit price; resting ones fill when it moves to them.
 */
export class Account {
  readonly #balances: Balances;
  readonly #orders = new Map<string, Order>();
  readonly #clock: Clock;
  #sequence = 0;
  /** Orders stored, whatever became of their answers. */
  accepted = 0;
  /** Orders refused because their client order id was known: each one a retry that should not have happened. */
  duplicateAttempts = 0;

  constructor(balances: Balances, clock: Clock) {
    this.#balances = { ...balances };
    this.#clock = clock;
  }

  balances(): Balances {
    return { ...this.#balances };
  }

  get(clientOrderId: string): Order | undefined {
    const order = this.#orders.get(clientOrderId);
    return order && { ...order };
  }

  open(): Order[] {
    return this.all().filter((o) => o.status === 'open');
  }

  all(): Order[] {
    return [...this.#orders.values()].map((o) => ({ ...o }));
  }

  place(request: OrderRequest, quote: Quote): PlaceResult {
    const { clientOrderId, symbol, side, amount, price } = request;
    if (this.#orders.has(clientOrderId)) {
      this.duplicateAttempts++;
      return {
        ok: false,
        error: 'DuplicateOrderId',
        message: `an order with clientOrderId ${JSON.stringify(clientOrderId)} already exists`,
      };
    }
    const { currency, held } = this.#hold(request);
    const free = this.#balances[currency] ?? 0;
    if (held > free) {
      return {
        ok: false,
        error: 'InsufficientFunds',
        message: `${side} ${amount} ${symbol} at ${price} needs ${held} ${currency}, ${free} available`,
      };
    }
    this.#balances[currency] = units(free - held);
    const order: Order = {
      id: `O${++this.#sequence}`,
      clientOrderId,
      symbol,
      side,
      amount,
      price,
      status: 'open',
      createdAt: this.#now(),
    };
    this.#orders.set(clientOrderId, order);
    this.accepted++;
    if (crosses(order, quote)) this.#fill(order);
    return { ok: true, order: { ...order } };
  }

  cancel(clientOrderId: string): CancelResult {
    const order = this.#orders.get(clientOrderId);
    if (order === undefined)
      return {
        ok: false,
        error: 'OrderNotFound',
        message: `no order with clientOrderId ${JSON.stringify(clientOrderId)}`,
      };
    if (order.status !== 'open')
      return { ok: false, error: 'InvalidOrder', message: `order ${order.id} is ${order.status}` };
    const { currency, held } = this.#hold(order);
    this.#balances[currency] = units((this.#balances[currency] ?? 0) + held);
    order.status = 'canceled';
    order.canceledAt = this.#now();
    return { ok: true, order: { ...order } };
  }

  /** Fills the open orders of `symbol` that the market has reached. */
  fillCrossing(symbol: string, quote: Quote): void {
    for (const order of this.#orders.values()) {
      if (order.status === 'open' && order.symbol === symbol && crosses(order, quote)) this.#fill(order);
    }
  }

  #fill(order: Order): void {
    const { base, quote } = currencies(order.symbol);
    const [currency, credit] = order.side === 'buy' ? [base, order.amount] : [quote, order.amount * order.price];
    this.#balances[currency] = units((this.#balances[currency] ?? 0) + credit);
    order.status = 'filled';
    order.filledAt = this.#now();
  }

  #hold(order: Pick<OrderRequest, 'symbol' | 'side' | 'amount' | 'price'>): { currency: string; held: number } {
    const { base, quote } = currencies(order.symbol);
    return order.side === 'buy'
      ? { currency: quote, held: units(order.amount * order.price) }
      : { currency: base, held: order.amount };
  }

  #now(): number {
    return Math.floor(this.#clock.now());
  }
}

function crosses(order: Order, quote: Quote): boolean {
  return order.side === 'buy' ? order.price >= quote.ask : order.price <= quote.bid;
}
