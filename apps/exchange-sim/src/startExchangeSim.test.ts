import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient } from './client/ExchangeClient.ts';
import { startExchangeSim } from './startExchangeSim.ts';
import { rejection, useExchangeSim } from './testing/useExchangeSim.ts';

const start = useExchangeSim();

/** A request with the path and headers exactly as given (fetch would normalise them). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

describe('startExchangeSim: server', () => {
  it('listens on 127.0.0.1 on a free port and says where', async () => {
    const { sim } = await start();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.host).toBe('127.0.0.1');
    expect(sim.seed).toBe(1);
  });

  it('draws a seed when given none, and reports it', async () => {
    const { sim } = await start({ seed: undefined as unknown as number });
    expect(Number.isInteger(sim.seed)).toBe(true);
  });

  it('refuses to listen beyond loopback, and other wrong options, naming them', async () => {
    await expect(startExchangeSim({ host: '0.0.0.0' })).rejects.toThrow(
      'startExchangeSim: host must be a loopback address (127.0.0.1, ::1, localhost): ' +
        'the simulator never listens beyond this machine, got "0.0.0.0"',
    );
    await expect(startExchangeSim({ host: '192.168.1.10' })).rejects.toThrow('host must be a loopback address');
    await expect(startExchangeSim({ port: -1 })).rejects.toThrow('port must be an integer from 0 to 65535, got -1');
    await expect(startExchangeSim({ seed: Number.NaN })).rejects.toThrow('seed must be a finite number, got NaN');
    await expect(startExchangeSim({ symbols: { BTCUSD: 1 } })).rejects.toThrow(
      'symbols must be keyed BASE/QUOTE (like BTC/USD), got "BTCUSD"',
    );
    await expect(startExchangeSim({ initialBalances: { USD: -5 } })).rejects.toThrow(
      'initialBalances.USD must be a number >= 0, got -5',
    );
    await expect(startExchangeSim({ priceStepMs: 0 })).rejects.toThrow('priceStepMs must be a number of ms > 0, got 0');
    await expect(startExchangeSim({ scenario: { faults: { reset: 3 } } })).rejects.toThrow(
      'Invalid exchange-sim scenario in options.scenario:\n' +
        '  faults.reset.probability: expected a probability from 0 to 1, got 3',
    );
  });

  it('takes symbols, starting prices and balances', async () => {
    const { client } = await start({ symbols: { 'SOL/EUR': 150 }, initialBalances: { EUR: 500 } });
    expect(await client.fetchBalance()).toEqual({ SOL: 0, EUR: 500 });
    expect((await client.fetchTicker('SOL/EUR')).last).toBeCloseTo(150, 0);
    expect(await rejection(client.fetchTicker('BTC/USD'))).toMatchObject({
      name: 'BadSymbol',
      body: { message: 'unknown symbol "BTC/USD"; this exchange lists SOL/EUR' },
    });
  });

  it('answers unknown paths and methods with errors clients can read', async () => {
    const { sim } = await start();
    expect(await raw(sim.port, '/api/nope')).toMatchObject({
      status: 404,
      body: '{"error":"BadRequest","message":"no endpoint GET /api/nope"}',
    });
    const wrongMethod = await raw(sim.port, '/api/ticker?symbol=BTC/USD', { method: 'DELETE' });
    expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: 'GET' } });
    expect(await raw(sim.port, '/api/ticker')).toMatchObject({
      status: 400,
      body: expect.stringContaining('the symbol query parameter is required'),
    });
    expect(await raw(sim.port, '/')).toMatchObject({
      status: 404,
      body: 'Not found. The exchange API is under /api.\n',
    });
    expect(sim.stats().requests).toBe(1); // only the ticker request named an endpoint
  });

  it('reads order bodies only as JSON, small', async () => {
    const { sim } = await start();
    const post = (body: string, type = 'application/json') =>
      raw(sim.port, '/api/orders', { method: 'POST', headers: { 'content-type': type }, body });
    expect(await post('{"a":1}', 'text/plain')).toMatchObject({
      status: 415,
      body: expect.stringContaining('Content-Type must be application/json'),
    });
    expect(await post('{oops')).toMatchObject({ status: 400, body: expect.stringContaining('body is not valid JSON') });
    expect(await post(JSON.stringify({ pad: 'x'.repeat(20_000) }))).toMatchObject({ status: 413 });
    expect(await post('{"clientOrderId":"x","symbol":"BTC/USD","side":"hold","amount":1,"price":1}')).toMatchObject({
      status: 400,
      body: expect.stringContaining('"error":"BadRequest","message":"side: '),
    });
    expect(
      await post('{"clientOrderId":"x","symbol":"BTC/USD","side":"buy","amount":1,"price":1,"extra":true}'),
    ).toMatchObject({ status: 400 });
  });

  it('sends no CORS headers and answers only to loopback host names', async () => {
    const { sim } = await start();
    const res = await raw(sim.port, '/api/balance', {
      headers: { origin: 'https://evil.example', host: `127.0.0.1:${sim.port}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    const preflight = await raw(sim.port, '/api/orders', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(await raw(sim.port, '/api/balance', { headers: { host: 'evil.example' } })).toMatchObject({ status: 421 });
    expect(await raw(sim.port, '/api/balance', { headers: { host: `localhost:${sim.port}` } })).toMatchObject({
      status: 200,
    });
  });

  it('counts requests per endpoint and orders accepted', async () => {
    const { sim, client } = await start();
    await client.fetchTicker('BTC/USD');
    await client.fetchTicker('ETH/USD');
    await client.createOrder({ clientOrderId: 'a', symbol: 'BTC/USD', side: 'buy', amount: 0.1, price: 100 });
    expect(sim.stats()).toMatchObject({
      requests: 3,
      byEndpoint: { ticker: 2, orderBook: 0, balance: 0, createOrder: 1, fetchOrder: 0, openOrders: 0, cancelOrder: 0 },
      ordersAccepted: 1,
      duplicateOrderAttempts: 0,
      phase: undefined,
      outage: null,
      maintenanceWindow: false,
    });
    expect(Object.values(sim.stats().faults).every((n) => n === 0)).toBe(true);
  });
});

describe('startExchangeSim: close', () => {
  const handles = () => process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap' && name !== 'PipeWrap');
  const count = (list: string[], name: string) => list.filter((n) => n === name).length;

  it('leaves no server, socket or timer behind, even with requests held, delayed and kept alive', async () => {
    // Let earlier tests' sockets finish closing before taking the baseline.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = handles();
    const sim = await startExchangeSim({ seed: 1 });
    const client = new ExchangeClient(sim.url, { timeoutMs: 10_000 });
    await client.fetchTicker('BTC/USD'); // leaves a keep-alive connection
    sim.setOutage('timeout');
    const held = rejection(client.fetchBalance());
    sim.setOutage('latency', { ms: 60_000 });
    const delayed = rejection(client.fetchOpenOrders());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count(handles(), 'TCPServerWrap')).toBe(count(before, 'TCPServerWrap') + 1);
    const closed = performance.now();
    await sim.close();
    expect(performance.now() - closed).toBeLessThan(1000);
    // The held and delayed requests end as the connection drops, not by timing out.
    for (const pending of [held, delayed])
      expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = handles();
    for (const name of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'])
      expect(count(after, name), name).toBeLessThanOrEqual(count(before, name));
    await sim.close(); // twice is fine
  });
});

describe('startExchangeSim: staticDir', () => {
  let dir: string;
  beforeAll(() => {
    const root = mkdtempSync(join(tmpdir(), 'exchange-sim-static-'));
    dir = join(root, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(root, 'secret.txt'), 'secret');
    writeFileSync(join(dir, '.env'), 'KEY=secret');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>trading</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('serves a built app at / on the API’s origin, and nothing outside it', async () => {
    const { sim, client } = await start({ staticDir: dir });
    const page = await fetch(`${sim.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>trading</title>');
    const script = await fetch(`${sim.url}/assets/app.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await raw(sim.port, '/../secret.txt')).status).toBe(403);
    expect((await raw(sim.port, '/%2e%2e/secret.txt')).status).toBe(403);
    expect((await raw(sim.port, '/.env')).status).toBe(403);
    expect((await raw(sim.port, '/missing.js')).status).toBe(404);
    expect((await raw(sim.port, '/', { method: 'POST' })).status).toBe(405);
    // The API is still the API, faults included.
    sim.setOutage('maintenance');
    expect((await fetch(`${sim.url}/`)).status).toBe(200);
    expect(await rejection(client.fetchBalance())).toMatchObject({ name: 'OnMaintenance' });
  });
});
