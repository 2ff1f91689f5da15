import { describe, expect, it } from 'vitest';
import { rejection, useExchangeSim } from '../testing/useExchangeSim.ts';
import { ExchangeClient } from './ExchangeClient.ts';
import { ExchangeResponseError, isExchangeResponseError } from './ExchangeResponseError.ts';
import { isRequestTimeoutError } from './RequestTimeoutError.ts';

const start = useExchangeSim();

describe('ExchangeClient: a calm exchange', () => {
  it('reads tickers, order books and balances', async () => {
    const { client } = await start();
    const ticker = await client.fetchTicker('BTC/USD');
    expect(ticker).toEqual({
      symbol: 'BTC/USD',
      last: expect.any(Number),
      bid: expect.any(Number),
      ask: expect.any(Number),
      timestamp: expect.any(Number),
    });
    expect(ticker.bid).toBeLessThan(ticker.last);
    expect(ticker.ask).toBeGreaterThan(ticker.last);
    expect(Math.abs(ticker.last / 42_000 - 1)).toBeLessThan(0.002);
    const book = await client.fetchOrderBook('ETH/USD');
    expect(book.symbol).toBe('ETH/USD');
    expect(book.bids).toHaveLength(10);
    expect(book.asks).toHaveLength(10);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    expect(book.bids.map(([price]) => price)).toEqual([...book.bids.map(([price]) => price)].sort((a, b) => b - a));
    expect(await client.fetchBalance()).toEqual({ USD: 100_000, BTC: 1, ETH: 10 });
  });

  it('places, finds, lists and cancels orders', async () => {
    const { client, sim } = await start();
    const resting = await client.createOrder({
      clientOrderId: 'a-1',
      symbol: 'BTC/USD',
      side: 'buy',
      amount: 0.5,
      price: 30_000,
    });
    expect(resting).toEqual({
      id: 'O1',
      clientOrderId: 'a-1',
      symbol: 'BTC/USD',
      side: 'buy',
      amount: 0.5,
      price: 30_000,
      status: 'open',
      createdAt: expect.any(Number),
    });
    // The funds of an open order are held.
    expect(await client.fetchBalance()).toEqual({ USD: 85_000, BTC: 1, ETH: 10 });
    const crossing = await client.createOrder({
      clientOrderId: 'a-2',
      symbol: 'ETH/USD',
      side: 'sell',
      amount: 2,
      price: 2_000,
    });
    expect(crossing).toMatchObject({ id: 'O2', status: 'filled', filledAt: expect.any(Number) });
    expect(await client.fetchBalance()).toEqual({ USD: 89_000, BTC: 1, ETH: 8 });
    expect(await client.fetchOpenOrders()).toEqual([resting]);
    expect(await client.fetchOrder('a-2')).toEqual(crossing);
    expect(await client.fetchOrder('nope')).toBeUndefined();
    expect(await client.cancelOrder('a-1')).toMatchObject({ status: 'canceled', canceledAt: expect.any(Number) });
    expect(await client.fetchOpenOrders()).toEqual([]);
    expect(await client.fetchBalance()).toEqual({ USD: 104_000, BTC: 1, ETH: 8 });
    expect(sim.orders().map((o) => [o.clientOrderId, o.status])).toEqual([
      ['a-1', 'canceled'],
      ['a-2', 'filled'],
    ]);
  });

  it('encodes client order ids in paths', async () => {
    const { client } = await start();
    await client.createOrder({ clientOrderId: 'bot/1 #x?', symbol: 'BTC/USD', side: 'buy', amount: 0.1, price: 1000 });
    expect(await client.fetchOrder('bot/1 #x?')).toMatchObject({ clientOrderId: 'bot/1 #x?' });
  });

  it('turns the exchange’s refusals into errors named like ccxt’s', async () => {
    const { client, sim } = await start();
    const order = { clientOrderId: 'dup', symbol: 'BTC/USD', side: 'buy', amount: 0.01, price: 1000 } as const;
    await client.createOrder(order);
    const duplicate = await rejection(client.createOrder(order));
    expect(duplicate).toBeInstanceOf(ExchangeResponseError);
    expect(duplicate).toMatchObject({
      name: 'DuplicateOrderId',
      status: 409,
      method: 'POST',
      path: '/api/orders',
      body: { error: 'DuplicateOrderId', message: 'an order with clientOrderId "dup" already exists' },
      headers: { 'content-type': 'application/json; charset=utf-8' },
      message: 'exchange-sim POST /api/orders: 409 DuplicateOrderId: an order with clientOrderId "dup" already exists',
    });
    expect(sim.stats().duplicateOrderAttempts).toBe(1);

    expect(await rejection(client.createOrder({ ...order, clientOrderId: 'big', amount: 100 }))).toMatchObject({
      name: 'InsufficientFunds',
      status: 400,
    });
    expect(await rejection(client.fetchTicker('DOGE/USD'))).toMatchObject({ name: 'BadSymbol', status: 400 });
    expect(await rejection(client.createOrder({ ...order, clientOrderId: 'neg', amount: -1 }))).toMatchObject({
      name: 'BadRequest',
      status: 400,
    });
    expect(await rejection(client.cancelOrder('nope'))).toMatchObject({ name: 'OrderNotFound', status: 404 });
    await client.cancelOrder('dup');
    expect(await rejection(client.cancelOrder('dup'))).toMatchObject({
      name: 'InvalidOrder',
      status: 400,
      body: { message: 'order O1 is canceled' },
    });
  });

  it('names errors by status when the body names none', async () => {
    const cases: [status: number, body: string, name: string][] = [
      [500, '<html>oops</html>', 'ExchangeNotAvailable'],
      [502, '{"error":"not a name!"}', 'ExchangeNotAvailable'],
      [429, '', 'RateLimitExceeded'],
      [404, '{"message":"gone"}', 'BadRequest'],
      [418, '{"error":"Teapot"}', 'Teapot'],
    ];
    for (const [status, body, name] of cases) {
      const client = new ExchangeClient('http://exchange.test/', {
        fetch: async () => new Response(body, { status, headers: { 'X-Thing': '1' } }),
      });
      const error = await rejection(client.fetchBalance());
      expect(isExchangeResponseError(error)).toBe(true);
      expect(error).toMatchObject({ name, status, headers: { 'x-thing': '1' }, path: '/api/balance' });
    }
  });

  it('calls the given fetch with the URL, method, JSON body and a signal', async () => {
    const calls: [string, RequestInit][] = [];
    const client = new ExchangeClient('http://exchange.test/', {
      fetch: async (url, init) => {
        calls.push([url, init]);
        return new Response('{"id":"O1"}', { status: 201 });
      },
    });
    await client.createOrder({ clientOrderId: 'c', symbol: 'BTC/USD', side: 'sell', amount: 1, price: 2 });
    await client.fetchTicker('BTC/USD');
    expect(calls.map(([url, init]) => [url, init.method, init.body])).toEqual([
      [
        'http://exchange.test/api/orders',
        'POST',
        '{"clientOrderId":"c","symbol":"BTC/USD","side":"sell","amount":1,"price":2}',
      ],
      ['http://exchange.test/api/ticker?symbol=BTC%2FUSD', 'GET', undefined],
    ]);
    expect(calls[0]![1].headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
    expect(calls[0]![1].signal).toBeInstanceOf(AbortSignal);
  });

  it('gives up after timeoutMs with a RequestTimeout error', async () => {
    const never = (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const client = new ExchangeClient('', { fetch: never, timeoutMs: 30 });
    const started = performance.now();
    const error = await rejection(client.fetchOpenOrders());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(isRequestTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'RequestTimeout',
      timeoutMs: 30,
      method: 'GET',
      path: '/api/orders',
      message: 'exchange-sim GET /api/orders: request timed out (30 ms)',
    });
    expect((error as Error).cause).toMatchObject({ name: 'RequestTimeout' });
  });

  it('checks its options', () => {
    expect(() => new ExchangeClient('http://x', { timeoutMs: 0 })).toThrow(
      'ExchangeClient: timeoutMs must be a finite number > 0, got 0',
    );
    expect(() => new ExchangeClient(42 as unknown as string)).toThrow(
      'ExchangeClient: baseUrl must be a string, got number',
    );
    expect(() => new ExchangeClient('http://x', { fetch: 'no' as never })).toThrow(
      'fetch must be a function, got string',
    );
    expect(new ExchangeClient('http://x///').baseUrl).toBe('http://x');
  });
});
