import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const servers: DevtoolsServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(sockets.splice(0).map((s) => (s.destroy(), s.closed ? Promise.resolve() : once(s, 'close'))));
});

async function start(options: DevtoolsServerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({}, { clock, random: seededRandom(3), recoveryActions: [] });
  const server = await startDevtoolsServer(handler, { appDir: '/nonexistent/breakwater-app', ...options });
  servers.push(server);
  return { clock, handler, server };
}

/** Turns the event loop once, so sockets get read and written (no timing involved). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await turn();
}

/** An event-stream request over a raw socket; `read: false` never reads a byte of the answer (a stalled reader). */
async function rawEvents(server: DevtoolsServer, read: boolean): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect(server.port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  let text = '';
  if (read) socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  else socket.pause();
  socket.write(
    `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\n\r\n`,
  );
  return { socket, received: () => text };
}

/** An event stream read through node:http (chunked encoding decoded): what arrived so far. */
function readEvents(server: DevtoolsServer): Promise<() => string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/events',
        agent: false,
        headers: { Authorization: `Bearer ${server.token}` },
      },
      (res) => {
        sockets.push(res.socket);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        resolve(() => body);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function getEvents(
  server: DevtoolsServer,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/events',
        agent: false,
        headers: { Authorization: `Bearer ${server.token}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('startDevtoolsServer: limits', () => {
  it('answers 503 with Retry-After past maxClients event streams, and lets one in when another leaves', async () => {
    const { server } = await start({ maxClients: 2 });
    const first = await rawEvents(server, true);
    await rawEvents(server, true);
    await until(() => server.stats().clients === 2);
    const refused = await getEvents(server);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(refused.body)).toEqual({
      error: 'too many event streams: 2 open, maxClients is 2; try again later',
    });
    expect(server.stats().clients).toBe(2);
    first.socket.destroy();
    await until(() => server.stats().clients === 1);
    const third = await rawEvents(server, true);
    await until(() => third.received().includes('"type":"snapshot"'));
    expect(third.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(server.stats().clients).toBe(2);
  });

  it('holds one copy of a message however many stalled readers wait for it, and counts it once', async () => {
    const stalledCount = 6;
    const { clock, handler, server } = await start({ maxClients: stalledCount + 1, maxClientQueue: 64 * 1024 * 1024 });
    const received = await readEvents(server);
    for (let i = 0; i < stalledCount; i++) await rawEvents(server, false);
    await until(() => server.stats().clients === stalledCount + 1);
    await until(() => received().includes('"type":"snapshot"') && received().endsWith('\n\n'));
    const before = received().length;

    // Bursts of large batches until the readers' backlogs, added up, exceed everything that was sent at all.
    const big = 'x'.repeat(2_000);
    let sent = 0;
    for (let round = 1; server.stats().clientBacklogBytes <= sent || round <= 2; round++) {
      if (round > 400) throw new Error(`the stalled readers never fell behind: ${JSON.stringify(server.stats())}`);
      for (let i = 0; i < 50; i++)
        await handler.handle(handler.classify(new Error(`${big} ${round} ${i}`), 'op', `c${i}`));
      await clock.advance(250);
      await until(() => received().includes(`"seq":${round},`) && received().endsWith('\n\n'));
      sent = Buffer.byteLength(received().slice(before));
    }
    const stats = server.stats();
    expect(stats).toMatchObject({ clients: stalledCount + 1, droppedMessages: 0, slowClientsClosed: 0 });
    // Each reader is behind by up to everything sent; what the server holds is at most everything sent, once.
    expect(stats.clientBacklogBytes).toBeGreaterThan(sent);
    expect(stats.queuedBytes).toBeGreaterThan(0);
    expect(stats.queuedBytes).toBeLessThanOrEqual(sent);
  });

  it('refuses a bad maxClients naming it', async () => {
    const handler = new ErrorHandler({}, { clock: new ManualClock(T0), recoveryActions: [] });
    await expect(startDevtoolsServer(handler, { maxClients: 0 })).rejects.toThrow(
      'startDevtoolsServer: maxClients must be a positive integer, got 0',
    );
  });
});
