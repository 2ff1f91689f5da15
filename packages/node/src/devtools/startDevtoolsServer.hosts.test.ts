import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: DevtoolsServerOptions = {}) {
  const handler = new ErrorHandler({}, { clock: new ManualClock(T0), random: seededRandom(3), recoveryActions: [] });
  handler.getCircuitBreaker('kraken');
  const server = await startDevtoolsServer(handler, { appDir: '/nonexistent/breakwater-app', ...options });
  servers.push(server);
  return { handler, server };
}

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

/** A request to the server's address carrying any `Host` header (fetch would not let the test set it). */
function send(
  server: DevtoolsServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, method, path, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const snapshot = (server: DevtoolsServer, host: string, token = server.token) =>
  send(server, 'GET', '/api/snapshot', { Host: host, Authorization: `Bearer ${token}` });

const refusal = (host: string) =>
  `Host ${JSON.stringify(host)} is not a name of this devtools server (localhost, 127.0.0.1, [::1]); ` +
  'a page that reached it under another name (DNS rebinding) is refused';

describe('startDevtoolsServer: Host check (DNS rebinding)', () => {
  // Any port: a page rebinding its name already uses this server's port, and a dev proxy (Vite) keeps its own.
  it.each(['localhost:PORT', '127.0.0.1:PORT', '[::1]:PORT', 'LocalHost:PORT', '127.0.0.1', 'localhost:5173'])(
    'answers a request for %s',
    async (name) => {
      const { server } = await start();
      const host = name.replace('PORT', String(server.port));
      expect((await snapshot(server, host)).status).toBe(200);
    },
  );

  it.each([
    'evil.example:PORT',
    'evil.example',
    'app.localhost:PORT',
    'localhost.:PORT',
    '192.168.1.20:PORT',
    '127.0.0.2:PORT',
  ])('refuses Host %s with 421, before even looking at the token', async (name) => {
    const { server } = await start();
    const host = name.replace('PORT', String(server.port));
    for (const token of [server.token, 'wrong']) {
      const res = await snapshot(server, host, token);
      expect([res.status, res.type, JSON.parse(res.body)]).toEqual([
        421,
        'application/json; charset=utf-8',
        { error: refusal(host) },
      ]);
    }
  });

  it('refuses the app itself too (plain text), and commands', async () => {
    const { handler, server } = await start();
    const page = await send(server, 'GET', '/', { Host: 'evil.example' });
    expect([page.status, page.type, page.body]).toEqual([
      421,
      'text/plain; charset=utf-8',
      `${refusal('evil.example')}\n`,
    ]);
    const host = `evil.example:${server.port}`;
    const isolate = await send(server, 'POST', '/api/breakers/kraken/isolate', {
      Host: host,
      Origin: `http://${host}`,
      Authorization: `Bearer ${server.token}`,
    });
    expect(isolate.status).toBe(421);
    expect(handler.breakers.get('kraken').isolated).toBe(false);
  });

  it('refuses a request without Host (HTTP/1.0)', async () => {
    const { server } = await start();
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.end(`GET /api/snapshot HTTP/1.0\r\nAuthorization: Bearer ${server.token}\r\n\r\n`);
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 421 Misdirected Request\r\n/);
    expect(answer).toContain('{"error":"Host (none) is not a name of this devtools server');
  });

  it('answers to the address it is bound to', async () => {
    const { server } = await start({ host: '127.0.0.2' });
    expect((await snapshot(server, `127.0.0.2:${server.port}`)).status).toBe(200);
    expect((await snapshot(server, `127.0.0.3:${server.port}`)).status).toBe(421);
  });

  it('with allowRemote, answers to any name (the machine may have any of them; the token still decides)', async () => {
    const { server } = await start({ allowRemote: true });
    expect((await snapshot(server, `devbox.lan:${server.port}`)).status).toBe(200);
    expect((await snapshot(server, `devbox.lan:${server.port}`, 'wrong')).status).toBe(401);
  });
});

describe('startDevtoolsServer: Origin of commands', () => {
  const post = (server: DevtoolsServer, headers: Record<string, string>) =>
    send(server, 'POST', '/api/breakers/kraken/isolate', {
      Host: `127.0.0.1:${server.port}`,
      Authorization: `Bearer ${server.token}`,
      ...headers,
    });

  it.each([
    'null',
    'http://evil.example',
    'http://localhost:PORT',
    'https://127.0.0.1:PORT',
    'http://127.0.0.1:1',
    'http://127.0.0.1:PORT/x',
  ])('refuses a POST with Origin %s (403)', async (origin) => {
    const { handler, server } = await start();
    const res = await post(server, { Origin: origin.replace('PORT', String(server.port)) });
    expect([res.status, JSON.parse(res.body)]).toEqual([403, { error: 'cross-origin requests are not allowed' }]);
    expect(handler.breakers.get('kraken').isolated).toBe(false);
  });

  it('accepts the dev proxy: Host and Origin both as the browser sent them to Vite', async () => {
    const { server } = await start();
    const res = await post(server, { Host: 'localhost:5173', Origin: 'http://localhost:5173' });
    expect(res.status).toBe(200);
  });

  it('accepts its own origin, and no Origin at all (curl, scripts: the token is still required)', async () => {
    const { handler, server } = await start();
    expect((await post(server, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    handler.breakers.get('kraken').reset();
    expect((await post(server, {})).status).toBe(200);
    expect(handler.breakers.get('kraken').isolated).toBe(true);
  });
});
