import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { parseDevtoolsMessage } from '@breakwater/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function handler() {
  return new ErrorHandler({}, { clock: new ManualClock(T0), random: seededRandom(3), recoveryActions: [] });
}

async function start(options: DevtoolsServerOptions = {}) {
  const server = await startDevtoolsServer(handler(), { appDir: '/nonexistent/breakwater-app', ...options });
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}` };
}

const unauthorized = { error: 'missing or wrong token' };
const json = { 'Content-Type': 'application/json' };

describe('startDevtoolsServer: access', () => {
  it('listens on 127.0.0.1 with a fresh random token, which the URL carries in its fragment', async () => {
    const { server } = await start();
    const other = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(other.server.token).not.toBe(server.token);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('uses the token it is given', async () => {
    const { server, base } = await start({ token: 'fixed-token-for-tests' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=fixed-token-for-tests`);
    expect(
      (await fetch(`${base}/api/snapshot`, { headers: { Authorization: 'Bearer fixed-token-for-tests' } })).status,
    ).toBe(200);
  });

  it.each([
    ['GET', '/api/snapshot'],
    ['GET', '/api/events'],
    ['GET', '/api/nothing-here'],
    ['POST', '/api/breakers/kraken/reset'],
    ['POST', '/api/breakers/kraken/isolate'],
    ['POST', '/api/mode'],
  ])('%s %s answers 401 without the token or with a wrong one', async (method, path) => {
    const { base } = await start();
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...json, ...headers },
        ...(method === 'POST' ? { body: '{"mode":"live"}' } : {}),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.json()).toEqual(unauthorized);
    }
  });

  it('serves a valid snapshot with the Bearer token, uncached and same-origin only', async () => {
    const { server, base } = await start();
    const res = await fetch(`${base}/api/snapshot`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const snapshot = parseDevtoolsMessage(await res.json());
    expect(snapshot).toMatchObject({
      type: 'snapshot',
      version: 1,
      seq: 0,
      at: T0,
      mode: 'live',
      breakers: [],
      history: [],
    });
  });

  it('takes ?token= on GET (EventSource cannot send headers), never on POST', async () => {
    const { server, base } = await start();
    const events = await fetch(`${base}/api/events?token=${server.token}`);
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    await events.body!.cancel();
    expect((await fetch(`${base}/api/snapshot?token=${server.token}`)).status).toBe(200);
    const post = await fetch(`${base}/api/mode?token=${server.token}`, {
      method: 'POST',
      headers: json,
      body: '{"mode":"live"}',
    });
    expect(post.status).toBe(401);
  });

  it('answers a preflight without granting anything', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/api/mode`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('answers 404 for unknown /api paths and 405 (with Allow) for a wrong method', async () => {
    const { server, base } = await start();
    const auth = { Authorization: `Bearer ${server.token}` };
    const unknown = await fetch(`${base}/api/nothing-here`, { headers: auth });
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'no such endpoint: GET /api/nothing-here' }]);
    const getMode = await fetch(`${base}/api/mode`, { headers: auth });
    expect([getMode.status, getMode.headers.get('allow'), await getMode.json()]).toEqual([
      405,
      'POST',
      { error: 'method GET not allowed here; use POST' },
    ]);
    const postSnapshot = await fetch(`${base}/api/snapshot`, { method: 'POST', headers: auth });
    expect([postSnapshot.status, postSnapshot.headers.get('allow'), await postSnapshot.json()]).toEqual([
      405,
      'GET',
      { error: 'method POST not allowed here; use GET' },
    ]);
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'example.com'])(
    'refuses to listen on %s (not loopback) unless allowRemote',
    async (host) => {
      await expect(startDevtoolsServer(handler(), { host })).rejects.toThrow(
        `startDevtoolsServer: host ${JSON.stringify(host)} is not a loopback address, so the devtools ` +
          '(which can reset breakers and switch the trading mode) would be reachable from other machines; ' +
          'pass allowRemote: true to listen there anyway',
      );
    },
  );

  it('listens on another loopback address, with it in the URL', async () => {
    const { server } = await start({ host: 'localhost' });
    expect(server.url).toBe(`http://localhost:${server.port}/#token=${server.token}`);
    expect(
      (
        await fetch(`http://localhost:${server.port}/api/snapshot`, {
          headers: { Authorization: `Bearer ${server.token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('rejects bad options naming them, and never echoes a token', async () => {
    await expect(startDevtoolsServer(handler(), { port: -1 })).rejects.toThrow(
      'startDevtoolsServer: port must be an integer from 0 to 65535, got -1',
    );
    await expect(startDevtoolsServer(handler(), { token: 'has space' })).rejects.toThrow(
      'startDevtoolsServer: token must be a non-empty string of visible ASCII characters ' +
        '(it travels in an Authorization header), got a string of 9 characters',
    );
    await expect(startDevtoolsServer(handler(), { maxClientQueue: 0 })).rejects.toThrow(
      'startDevtoolsServer: maxClientQueue must be a positive integer (bytes), got 0',
    );
    await expect(startDevtoolsServer(handler(), { replay: -1 })).rejects.toThrow(
      'startDevtoolsServer: replay must be a non-negative integer, got -1',
    );
  });

  it('reports a port in use', async () => {
    const { server } = await start();
    await expect(startDevtoolsServer(handler(), { port: server.port })).rejects.toThrow('EADDRINUSE');
  });
});
