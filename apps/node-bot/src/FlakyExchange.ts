import type { Random } from '@breakwater/core';

/** Errors shaped like the ones a real exchange client throws (ccxt class names, HTTP fields). */
function exchangeError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

export interface Order {
  id: string;
  clientOrderId: string;
  side: 'buy' | 'sell';
  amount: number;
  price: number;
}

export type Phase = 'calm' | 'flaky network' | 'rate limited' | 'maintenance' | 'corrupt data';

/**
 * An in-process exchange that fails on purpose, cycling through phases: calm, a flaky network, rate limits
 * with Retry-After, a maintenance window, corrupt market data. Orders are idempotent by client order id,
 * and a timeout may strike *after* an order was accepted — the case that makes naive retries double-order.
 */
export class FlakyExchange {
  readonly orders = new Map<string, Order>();
  /** Submissions of a client order id the exchange already had: what a naive retry would produce. */
  duplicateSubmissions = 0;
  #price = 42_000;
  #sequence = 0;
  readonly #random: Random;
  readonly #phaseMs: number;
  readonly #startedAt: number;
  readonly #now: () => number;

  constructor(options: { random: Random; phaseMs: number; now: () => number }) {
    this.#random = options.random;
    this.#phaseMs = options.phaseMs;
    this.#now = options.now;
    this.#startedAt = options.now();
  }

  get phase(): Phase {
    const phases: Phase[] = ['calm', 'flaky network', 'calm', 'rate limited', 'calm', 'maintenance', 'calm', 'corrupt data'];
    return phases[Math.floor((this.#now() - this.#startedAt) / this.#phaseMs) % phases.length]!;
  }

  async fetchTicker(symbol: string): Promise<{ symbol: string; last: number }> {
    this.#fault();
    if (this.phase === 'corrupt data' && this.#random() < 0.6) JSON.parse('{"last": 4200'); // truncated body
    this.#price *= 1 + (this.#random() - 0.5) * 0.004;
    return { symbol, last: Math.round(this.#price * 100) / 100 };
  }

  async createOrder(clientOrderId: string, side: 'buy' | 'sell', amount: number, price: number): Promise<Order> {
    this.#fault();
    const existing = this.orders.get(clientOrderId);
    if (existing) {
      this.duplicateSubmissions++;
      throw exchangeError('DuplicateOrderId', `kraken: order ${clientOrderId} already exists`);
    }
    const order = { id: `O${++this.#sequence}`, clientOrderId, side, amount, price };
    this.orders.set(clientOrderId, order);
    // Accepted, but the response is lost on the way back.
    if (this.phase === 'flaky network' && this.#random() < 0.3) {
      throw exchangeError('RequestTimeout', 'kraken POST /private/AddOrder request timed out (10000 ms)');
    }
    return order;
  }

  async fetchOrder(clientOrderId: string): Promise<Order | undefined> {
    this.#fault();
    return this.orders.get(clientOrderId);
  }

  #fault(): void {
    const roll = this.#random();
    switch (this.phase) {
      case 'flaky network':
        if (roll < 0.35) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        break;
      case 'rate limited':
        if (roll < 0.5) {
          throw exchangeError('RateLimitExceeded', 'kraken {"error":["EAPI:Rate limit exceeded"]}', {
            status: 429,
            headers: { 'retry-after': '1' },
          });
        }
        break;
      case 'maintenance':
        throw exchangeError('OnMaintenance', 'kraken {"error":["EService:Unavailable"]} system under maintenance', { status: 503 });
    }
  }
}
