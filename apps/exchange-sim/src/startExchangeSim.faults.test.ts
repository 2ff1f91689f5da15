import { Classifier, type Classification } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { ExchangeClient } from './client/ExchangeClient.ts';
import { rejection, useExchangeSim } from './testing/useExchangeSim.ts';

// Every fault as a bot meets it: through the real client over loopback, then through Breakwater's classifier.
const start = useExchangeSim();
const classifier = new Classifier();
const classify = (error: unknown): Classification => classifier.classify(error).classification;
const order = { clientOrderId: 'o-1', symbol: 'BTC/USD', side: 'buy', amount: 0.1, price: 1000 } as const;

describe('faults through ExchangeClient and Classifier', () => {
  it('rateLimit: 429 RateLimitExceeded with Retry-After, retryable after that wait', async () => {
    const { sim, client } = await start();
    sim.setOutage('rateLimit', { retryAfterS: 3 });
    const error = await rejection(client.fetchTicker('BTC/USD'));
    expect(error).toMatchObject({
      name: 'RateLimitExceeded',
      status: 429,
      headers: { 'retry-after': '3', 'content-type': 'application/json; charset=utf-8' },
      body: { error: 'RateLimitExceeded', message: 'rate limit exceeded; retry after 3 s' },
    });
    expect(classify(error)).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: true,
      retryAfterMs: 3000,
      rule: 'ccxt:RateLimitExceeded',
    });
    sim.setOutage(null);
    await expect(client.fetchTicker('BTC/USD')).resolves.toMatchObject({ symbol: 'BTC/USD' });
    expect(sim.stats().faults.rateLimit).toBe(1);
  });

  it('maintenance: 503 OnMaintenance on every endpoint, an exchange failure', async () => {
    const { sim, client } = await start();
    sim.setOutage('maintenance');
    expect(sim.stats().outage).toBe('maintenance');
    const error = await rejection(client.fetchTicker('BTC/USD'));
    expect(error).toMatchObject({ name: 'OnMaintenance', status: 503, body: { error: 'OnMaintenance' } });
    expect(classify(error)).toEqual({
      category: 'exchange',
      severity: 'high',
      retryable: true,
      rule: 'ccxt:OnMaintenance',
    });
    expect(await rejection(client.createOrder(order))).toMatchObject({ name: 'OnMaintenance', status: 503 });
    expect(sim.orders()).toEqual([]);
  });

  it('nonce: 400 InvalidNonce on private endpoints only, retryable', async () => {
    const { sim, client } = await start();
    sim.setOutage('nonce');
    const error = await rejection(client.fetchBalance());
    expect(error).toMatchObject({ name: 'InvalidNonce', status: 400, body: { error: 'InvalidNonce' } });
    expect(classify(error)).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: true,
      rule: 'ccxt:InvalidNonce',
    });
    await expect(client.fetchTicker('BTC/USD')).resolves.toBeDefined();
    expect(sim.stats().faults.nonce).toBe(1);
  });

  it('insufficientFunds: 400 InsufficientFunds on orders, final; nothing stored', async () => {
    const { sim, client } = await start({ scenario: { faults: { insufficientFunds: 1 } } });
    const error = await rejection(client.createOrder(order));
    expect(error).toMatchObject({ name: 'InsufficientFunds', status: 400, body: { error: 'InsufficientFunds' } });
    expect(classify(error)).toEqual({
      category: 'api',
      severity: 'high',
      retryable: false,
      rule: 'ccxt:InsufficientFunds',
    });
    expect(sim.orders()).toEqual([]);
    await expect(client.fetchBalance()).resolves.toEqual({ USD: 100_000, BTC: 1, ETH: 10 });
  });

  it('reset: ECONNRESET under fetch failed, a network failure; the order was not placed', async () => {
    const { sim, client } = await start();
    sim.setOutage('reset');
    const error = await rejection(client.createOrder(order));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    expect(classify(error)).toEqual({
      category: 'network',
      severity: 'medium',
      retryable: true,
      rule: 'code:ECONNRESET',
    });
    expect(sim.orders()).toEqual([]);
    sim.setOutage(null);
    await expect(client.createOrder(order)).resolves.toMatchObject({ clientOrderId: 'o-1' });
    expect(sim.stats().duplicateOrderAttempts).toBe(0);
  });

  it('timeout: no answer until the client gives up (RequestTimeout), then the request is dropped', async () => {
    const { sim, client } = await start({}, { timeoutMs: 100 });
    sim.setOutage('timeout');
    const error = await rejection(client.createOrder(order));
    expect(error).toMatchObject({ name: 'RequestTimeout', timeoutMs: 100, method: 'POST', path: '/api/orders' });
    expect(classify(error)).toEqual({
      category: 'network',
      severity: 'medium',
      retryable: true,
      rule: 'ccxt:RequestTimeout',
    });
    expect(sim.orders()).toEqual([]);
    expect(sim.stats().faults.timeout).toBe(1);
  });

  it('timeout with ms: the answer comes that late, or never if the client left first', async () => {
    const { sim, client } = await start({ scenario: { faults: { timeout: { probability: 1, ms: 150 } } } });
    const started = performance.now();
    await expect(client.fetchTicker('BTC/USD')).resolves.toMatchObject({ symbol: 'BTC/USD' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const impatient = new ExchangeClient(sim.url, { timeoutMs: 40 });
    expect(await rejection(impatient.createOrder(order))).toMatchObject({ name: 'RequestTimeout' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.orders()).toEqual([]); // nobody was waiting: the exchange never saw it
  });

  it('latency: the normal answer, later', async () => {
    const { sim, client } = await start();
    sim.setOutage('latency', { ms: 120 });
    const started = performance.now();
    await expect(client.fetchBalance()).resolves.toEqual({ USD: 100_000, BTC: 1, ETH: 10 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(sim.stats().faults.latency).toBe(1);
  });

  it('malformed: a 2xx body cut short throws JSON’s SyntaxError, a data failure; the order exists', async () => {
    const { sim, client } = await start();
    sim.setOutage('malformed');
    const error = await rejection(client.fetchTicker('BTC/USD'));
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).name).toBe('SyntaxError');
    expect(classify(error)).toEqual({
      category: 'data',
      severity: 'medium',
      retryable: true,
      rule: 'json:SyntaxError',
    });
    expect(await rejection(client.createOrder(order))).toBeInstanceOf(SyntaxError);
    expect(sim.orders()).toHaveLength(1); // the exchange acted before the answer was spoilt
    // Error answers are left alone: a 404 still reads as "no such order".
    await expect(client.fetchOrder('nope')).resolves.toBeUndefined();
    expect(sim.stats().faults.malformed).toBe(2);
  });

  it('stale: the previous price with an old timestamp', async () => {
    const clock = new ManualClock(1_000_000);
    const { sim, client } = await start({ clock });
    const fresh = await client.fetchTicker('BTC/USD');
    expect(fresh.timestamp).toBe(1_000_000);
    expect(fresh.last).not.toBe(42_000);
    sim.setOutage('stale', { ageMs: 60_000 });
    const stale = await client.fetchTicker('BTC/USD');
    expect(stale).toMatchObject({ symbol: 'BTC/USD', last: 42_000, timestamp: 940_000 });
    expect((await client.fetchOrderBook('BTC/USD')).timestamp).toBe(940_000);
    await expect(client.fetchBalance()).resolves.toBeDefined(); // private endpoints are never stale
    sim.setOutage(null);
    const next = await client.fetchTicker('BTC/USD');
    expect(next.timestamp).toBe(1_000_000);
    expect(Math.abs(next.last / fresh.last - 1)).toBeLessThanOrEqual(0.0011); // one step from the fresh price
    expect(sim.stats().faults.stale).toBe(2);
  });

  it('acceptThenTimeout (reset): the order is stored, the answer lost; a blind retry: DuplicateOrderId', async () => {
    const { sim, client } = await start({ scenario: { faults: { acceptThenTimeout: 1 } } });
    const lost = await rejection(client.createOrder(order));
    expect(lost).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    expect(classify(lost)).toMatchObject({ category: 'network', retryable: true });
    // What a careful bot does: ask before placing again.
    await expect(client.fetchOrder('o-1')).resolves.toMatchObject({ id: 'O1', clientOrderId: 'o-1', status: 'open' });
    // What a naive retry does.
    const retry = await rejection(client.createOrder(order));
    expect(retry).toMatchObject({ name: 'DuplicateOrderId', status: 409 });
    expect(classify(retry)).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: false,
      rule: 'ccxt:DuplicateOrderId',
    });
    expect(sim.stats()).toMatchObject({
      ordersAccepted: 1,
      duplicateOrderAttempts: 1,
      faults: { acceptThenTimeout: 1 },
    });
    expect(sim.orders()).toHaveLength(1);
  });

  it('acceptThenTimeout (timeout): RequestTimeout, and fetchOrder finds the order', async () => {
    const { sim, client } = await start(
      { scenario: { faults: { acceptThenTimeout: { probability: 1, lostBy: 'timeout' } } } },
      { timeoutMs: 100 },
    );
    expect(await rejection(client.createOrder(order))).toMatchObject({ name: 'RequestTimeout' });
    await expect(client.fetchOrder('o-1')).resolves.toMatchObject({ clientOrderId: 'o-1' });
    expect(sim.stats().faults.acceptThenTimeout).toBe(1);
  });

  it('strikes only the endpoints a fault names', async () => {
    const { client } = await start({
      scenario: {
        faults: {
          rateLimit: { probability: 1, endpoints: ['createOrder'] },
          maintenance: { probability: 1, endpoints: ['balance'] },
        },
      },
    });
    await expect(client.fetchTicker('BTC/USD')).resolves.toBeDefined();
    await expect(client.fetchOpenOrders()).resolves.toEqual([]);
    expect(await rejection(client.createOrder(order))).toMatchObject({
      name: 'RateLimitExceeded',
      headers: { 'retry-after': '1' },
    });
    expect(await rejection(client.fetchBalance())).toMatchObject({ name: 'OnMaintenance' });
  });

  it('refuses a kind that is not one', async () => {
    const { sim } = await start();
    expect(() => sim.setOutage('flood' as 'reset')).toThrow(
      'setOutage: kind must be a fault kind or null, got "flood"',
    );
    expect(() => sim.setOutage('rateLimit', { retryAfterS: -1 })).toThrow(
      'rateLimit.retryAfterS: expected a number of seconds >= 0, got -1',
    );
  });
});
