import { ErrorHandler, type HandlerEvent } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const connReset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start() {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(3), recoveryActions: [] },
  );
  const server = await startDevtoolsServer(handler, { appDir: '/nonexistent/breakwater-app' });
  servers.push(server);
  const base = `http://127.0.0.1:${server.port}`;
  const post = (path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      ...init,
      headers: { Authorization: `Bearer ${server.token}`, ...init.headers },
    });
  return { clock, handler, server, base, post };
}

const json = { 'Content-Type': 'application/json' };

/** A breaker as the panel sees it, as the server answers it. */
function breaker(name: string, fields: Record<string, unknown>) {
  return {
    name,
    failureCount: 0,
    failureThreshold: 2,
    recoveryTimeoutMs: 30_000,
    lastSuccessTime: null,
    totalRequests: 0,
    successfulRequests: 0,
    failedRequests: 0,
    rejectedRequests: 0,
    ignoredRequests: 0,
    successRate: 0,
    latency: { count: 0, p50: null, p95: null, p99: null, max: null },
    ...fields,
  };
}

describe('startDevtoolsServer: commands', () => {
  it('resets an open breaker and answers its new stats', async () => {
    const { clock, handler, post } = await start();
    for (let i = 0; i < 2; i++) await handler.handle(handler.classify(connReset(), 'fetch_ticker', 'kraken'));
    await clock.advance(1_000);
    const res = await post('/api/breakers/kraken/reset');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(
      breaker('kraken', {
        state: 'CLOSED',
        openedAt: null,
        lastFailureTime: T0,
        totalRequests: 2,
        failedRequests: 2,
        isolated: false,
        retryAfterMs: null,
      }),
    );
    expect(handler.breakers.get('kraken').state).toBe('CLOSED');
  });

  it('isolates a breaker, whose name may need percent-encoding', async () => {
    const { handler, post } = await start();
    handler.getCircuitBreaker('binance/spot');
    const res = await post(`/api/breakers/${encodeURIComponent('binance/spot')}/isolate`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      breaker('binance/spot', {
        state: 'OPEN',
        openedAt: T0,
        lastFailureTime: null,
        isolated: true,
        retryAfterMs: null,
      }),
    );
    expect(handler.breakers.get('binance/spot').isolated).toBe(true);
  });

  it('answers 404 naming an unknown breaker', async () => {
    const { post } = await start();
    const res = await post('/api/breakers/nope/reset');
    expect([res.status, await res.json()]).toEqual([404, { error: 'DevtoolsFeed: no circuit breaker named "nope"' }]);
  });

  // Issue #11: the panel's switch to paper is an operator's, held until released (answers say `held`).
  it('switches the mode (paper, held, then back to live) and answers it', async () => {
    const { handler, post } = await start();
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    const paper = await post('/api/mode', { headers: json, body: '{"mode":"paper"}' });
    expect([paper.status, await paper.json()]).toEqual([200, { mode: 'paper', held: true }]);
    expect(handler.setMode('live', 'bot: calm again')).toBe(false);
    const live = await post('/api/mode', {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"mode":"live"}',
    });
    expect([live.status, await live.json()]).toEqual([200, { mode: 'live', held: false }]);
    expect(events).toEqual([
      { type: 'mode.changed', from: 'live', to: 'paper', reason: 'devtools', held: true, at: T0 },
      { type: 'mode.changed', from: 'paper', to: 'live', reason: 'devtools', at: T0 },
    ]);
  });

  it('releases a held paper mode (POST /api/mode/release): automatic switches are allowed again', async () => {
    const { handler, post } = await start();
    await post('/api/mode', { headers: json, body: '{"mode":"paper"}' });
    const events: HandlerEvent[] = [];
    handler.subscribe((e) => events.push(e));
    const released = await post('/api/mode/release');
    expect([released.status, await released.json()]).toEqual([200, { mode: 'paper', held: false }]);
    expect(handler.setMode('live', 'bot: calm again')).toBe(true);
    expect(events).toEqual([
      { type: 'mode.released', mode: 'paper', reason: 'devtools', at: T0 },
      { type: 'mode.changed', from: 'paper', to: 'live', reason: 'bot: calm again', at: T0 },
    ]);
  });

  it.each([
    ['{"mode":"demo"}', json, 400, 'Invalid devtools command: mode: Invalid option: expected one of "live"|"paper"'],
    ['{}', json, 400, 'Invalid devtools command: mode: Invalid option: expected one of "live"|"paper"'],
    ['["live"]', json, 400, 'body must be a JSON object like {"mode":"live"}'],
    ['{"mode":', json, 400, 'body is not valid JSON: Unexpected end of JSON input'],
    ['{"mode":"live"}', { 'Content-Type': 'text/plain' }, 415, 'Content-Type must be application/json'],
    ['{"mode":"live"}', {}, 415, 'Content-Type must be application/json'],
    [`{"mode":"live","pad":"${'x'.repeat(5000)}"}`, json, 413, 'body is larger than 4096 bytes'],
  ])('refuses the mode body %s (%o) with %i', async (body, headers, status, error) => {
    const { handler, post } = await start();
    const res = await post('/api/mode', { headers, body });
    expect([res.status, await res.json()]).toEqual([status, { error }]);
    expect(handler.mode).toBe('live');
  });

  it('refuses a POST from another origin (403), even with the token; accepts its own origin', async () => {
    const { handler, server, post } = await start();
    handler.getCircuitBreaker('kraken');
    const evil = await post('/api/breakers/kraken/isolate', { headers: { Origin: 'http://evil.example' } });
    expect([evil.status, await evil.json()]).toEqual([403, { error: 'cross-origin requests are not allowed' }]);
    const evilMode = await post('/api/mode', {
      headers: { ...json, Origin: 'http://evil.example' },
      body: '{"mode":"paper"}',
    });
    expect(evilMode.status).toBe(403);
    expect(handler.breakers.get('kraken').isolated).toBe(false);
    expect(handler.mode).toBe('live');
    const own = await post('/api/breakers/kraken/isolate', { headers: { Origin: `http://127.0.0.1:${server.port}` } });
    expect(own.status).toBe(200);
  });

  it('needs the token for every command', async () => {
    const { handler, base } = await start();
    handler.getCircuitBreaker('kraken');
    for (const path of ['/api/breakers/kraken/isolate', '/api/breakers/kraken/reset']) {
      expect((await fetch(`${base}${path}`, { method: 'POST' })).status).toBe(401);
    }
    expect((await fetch(`${base}/api/mode`, { method: 'POST', headers: json, body: '{"mode":"paper"}' })).status).toBe(
      401,
    );
    expect(handler.breakers.get('kraken').isolated).toBe(false);
    expect(handler.mode).toBe('live');
  });

  it('answers 400 for a breaker name that is not valid percent-encoding', async () => {
    const { post } = await start();
    const res = await post('/api/breakers/%E0%A4%A/reset');
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'breaker name is not valid percent-encoding: %E0%A4%A' },
    ]);
  });
});
