import { once } from 'node:events';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { ErrorHandler, type DevtoolsBatch, type DevtoolsMessage } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { parseDevtoolsMessage } from '@breakwater/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const connReset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const servers: DevtoolsServer[] = [];
const readers: EventStreamReader[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  // Every client socket is gone before the next test counts handles.
  await Promise.all(readers.splice(0).map((r) => (r.close(), r.closed)));
  // Closed handles go away a loop turn later; the next test starts with none.
  await until(() => tcpHandles() === 0);
});

/** Open TCP servers, sockets and connection attempts of this process. */
const tcpHandles = () =>
  process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP') || r === 'ConnectWrap').length;

async function start(options: DevtoolsServerOptions = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 } },
    { clock, random: seededRandom(3), recoveryActions: [] },
  );
  const server = await startDevtoolsServer(handler, { appDir: '/nonexistent/breakwater-app', ...options });
  servers.push(server);
  return { clock, handler, server };
}

interface EventStreamReader {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next raw block (`id: …\ndata: …`, `retry: 1000`, `: ping`), waiting for it if need be. */
  next(): Promise<string>;
  /** The next block, which must be a message. */
  /** `id` is the batch sequence part of the event id; `rawId` the whole id (`<run>-<seq>`). */
  message(): Promise<{ id: string; rawId: string; data: DevtoolsMessage }>;
  closed: Promise<void>;
  close(): void;
}

/** A raw event-stream reader over node:http (Node 20 has no EventSource). */
function openEvents(server: DevtoolsServer, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  return new Promise<EventStreamReader>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/events',
        agent: false,
        headers: { Authorization: `Bearer ${server.token}`, ...headers },
      },
      (res) => {
        res.setEncoding('utf8');
        let buffer = '';
        const blocks: string[] = [];
        const waiting: Array<(block: string) => void> = [];
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const waiter = waiting.shift();
            if (waiter) waiter(block);
            else blocks.push(block);
          }
        });
        const next = () =>
          blocks.length > 0 ? Promise.resolve(blocks.shift()!) : new Promise<string>((r) => waiting.push(r));
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          next,
          async message() {
            const block = await next();
            const match = /^id: ((?:[0-9a-f]{8}-)?(\d+))\ndata: (.*)$/s.exec(block);
            if (!match) throw new Error(`not a message: ${JSON.stringify(block.slice(0, 80))}`);
            return { id: match[2]!, rawId: match[1]!, data: parseDevtoolsMessage(JSON.parse(match[3]!)) };
          },
          closed: new Promise<void>((r) => res.on('close', () => r())),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  }).then((reader) => {
    readers.push(reader);
    return reader;
  });
}

/** Turns the event loop once, so sockets get read and written (no timing involved). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await turn();
}

/** Two unrecovered errors of one component: its breaker opens. */
async function openBreaker(handler: ErrorHandler, component: string): Promise<void> {
  for (let i = 0; i < 2; i++) await handler.handle(handler.classify(connReset(), 'fetch_ticker', component));
}

async function connected(server: DevtoolsServer, headers: Record<string, string> = {}) {
  const stream = await openEvents(server, headers);
  expect(await stream.next()).toBe('retry: 1000');
  return stream;
}

describe('startDevtoolsServer: event stream', () => {
  it('starts with a retry hint and a snapshot, over a same-origin-only, uncached event stream', async () => {
    const { handler, server } = await start();
    await openBreaker(handler, 'kraken');
    const stream = await openEvents(server);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['access-control-allow-origin']).toBeUndefined();
    expect(await stream.next()).toBe('retry: 1000');
    const { id, data } = await stream.message();
    expect(id).toBe('0');
    expect(data).toMatchObject({ type: 'snapshot', version: 1, seq: 0, at: T0, mode: 'live' });
    expect(data.type === 'snapshot' && data.breakers.map((b) => [b.name, b.state])).toEqual([['kraken', 'OPEN']]);
    expect(server.stats()).toEqual({
      clients: 1,
      queuedBytes: 0,
      clientBacklogBytes: 0,
      droppedMessages: 0,
      slowClientsClosed: 0,
    });
  });

  // Issue #11: a panel opened after an incident showed "No breaker transitions yet".
  it('a stream opened after transitions starts with a snapshot that carries them', async () => {
    const { clock, handler, server } = await start();
    for (let i = 0; i < 2; i++) await handler.handle(handler.classify(connReset(), 'fetch_ticker', 'kraken'));
    await clock.advance(30_000);
    handler.recordSuccess('kraken');
    const stream = await connected(server);
    const { data } = await stream.message();
    expect(data.type === 'snapshot' && data.transitions).toEqual([
      { type: 'breaker.state', name: 'kraken', from: 'CLOSED', to: 'OPEN', at: T0, reason: 'failure-threshold' },
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'OPEN',
        to: 'HALF_OPEN',
        at: T0 + 30_000,
        reason: 'recovery-timeout',
      },
      {
        type: 'breaker.state',
        name: 'kraken',
        from: 'HALF_OPEN',
        to: 'CLOSED',
        at: T0 + 30_000,
        reason: 'half-open-success',
      },
    ]);
  });

  it('sends a breaker forced open in the next batch', async () => {
    const { clock, handler, server } = await start();
    const stream = await connected(server);
    await stream.message();
    await openBreaker(handler, 'kraken');
    await clock.advance(250);
    const { id, data } = await stream.message();
    expect(id).toBe('1');
    const batch = data as DevtoolsBatch;
    expect(batch).toMatchObject({ type: 'batch', seq: 1, at: T0 + 250, dropped: 0 });
    expect(batch.events.map((e) => e.type)).toEqual([
      'error.recorded',
      'breaker.call',
      'error.settled',
      'error.recorded',
      'breaker.call',
      'breaker.state',
      'error.settled',
    ]);
    expect(batch.breakers).toEqual([
      {
        name: 'kraken',
        state: 'OPEN',
        failureCount: 2,
        failureThreshold: 2,
        recoveryTimeoutMs: 30_000,
        openedAt: T0,
        lastFailureTime: T0,
        lastSuccessTime: null,
        totalRequests: 2,
        successfulRequests: 0,
        failedRequests: 2,
        rejectedRequests: 0,
        ignoredRequests: 0,
        successRate: 0,
        latency: { count: 0, p50: null, p95: null, p99: null, max: null },
        isolated: false,
        retryAfterMs: 29_750,
      },
    ]);
  });

  it('resumes with Last-Event-ID: exactly the missed batches, then live ones, no snapshot', async () => {
    const { clock, handler, server } = await start();
    const watcher = await connected(server); // keeps the feed watched while the other one is away
    await watcher.message();
    const panel = await connected(server);
    await panel.message();
    await openBreaker(handler, 'a');
    await clock.advance(250);
    const seen = await panel.message();
    expect(seen.id).toBe('1');
    const run = seen.rawId.split('-')[0]!;
    expect((await watcher.message()).id).toBe('1');
    panel.close();
    await panel.closed;
    await until(() => server.stats().clients === 1);
    for (const component of ['b', 'c']) {
      await openBreaker(handler, component);
      await clock.advance(250);
      await watcher.message();
    }
    const resumed = await connected(server, { 'Last-Event-ID': `${run}-1` });
    const missed = [await resumed.message(), await resumed.message()];
    expect(missed.map((m) => m.id)).toEqual(['2', '3']);
    expect(missed.map((m) => (m.data as DevtoolsBatch).breakers.map((b) => b.name))).toEqual([['b'], ['c']]);
    await openBreaker(handler, 'd');
    await clock.advance(250);
    const live = await resumed.message();
    expect(live.id).toBe('4');
    expect(live.data.type).toBe('batch');
  });

  it('starts over from a snapshot if Last-Event-ID is too old, in the future, of another run, not an id', async () => {
    const { clock, handler, server } = await start({ replay: 2 });
    const watcher = await connected(server);
    const run = (await watcher.message()).rawId.split('-')[0]!;
    for (let i = 0; i < 4; i++) {
      await openBreaker(handler, `c${i}`);
      await clock.advance(250);
      await watcher.message();
    }
    for (const lastId of [`${run}-1`, `${run}-99`, 'abc', '2', `${run === 'deadbeef' ? 'cafebabe' : 'deadbeef'}-2`]) {
      const stream = await connected(server, { 'Last-Event-ID': lastId });
      const { id, data } = await stream.message();
      expect([id, data.type, data.seq]).toEqual(['4', 'snapshot', 4]);
      stream.close();
    }
    const recent = await connected(server, { 'Last-Event-ID': `${run}-2` });
    expect((await recent.message()).id).toBe('3');
  });

  it('a newcomer gets pending events in its snapshot, not again in the next batch', async () => {
    const { clock, handler, server } = await start();
    const first = await connected(server);
    await first.message();
    await openBreaker(handler, 'kraken'); // queued in the feed, not yet batched
    const second = await connected(server);
    const snapshot = await second.message();
    expect([snapshot.id, snapshot.data.type]).toEqual(['1', 'snapshot']);
    expect((await first.message()).id).toBe('1'); // the others got the early batch
    await handler.handle(handler.classify(connReset(), 'op', 'binance'));
    await clock.advance(250);
    const next = await second.message();
    expect(next.id).toBe('2');
    expect((next.data as DevtoolsBatch).events.map((e) => e.type)).toEqual([
      'error.recorded',
      'breaker.call',
      'error.settled',
    ]);
  });

  it('keeps idle streams open with a comment every heartbeatMs of the handler clock', async () => {
    const { clock, server } = await start({ heartbeatMs: 15_000 });
    const stream = await connected(server);
    await stream.message();
    await clock.advance(14_999);
    await clock.advance(1);
    expect(await stream.next()).toBe(': ping');
  });

  it('watches the handler only while a stream is open', async () => {
    const { clock, handler, server } = await start();
    const stream = await connected(server);
    await stream.message();
    await handler.handle(handler.classify(connReset(), 'op', 'c'));
    expect(clock.pendingSleeps).toBe(2); // the batch timer and the heartbeat
    await clock.advance(250);
    stream.close();
    await until(() => server.stats().clients === 0);
    await handler.handle(handler.classify(connReset(), 'op', 'c'));
    expect(clock.pendingSleeps).toBe(0);
  });

  it('cuts off a stalled reader (counting its drops) without slowing the handler or the other readers', async () => {
    // No heartbeat comment among the healthy reader's messages (the rounds advance the clock).
    const { clock, handler, server } = await start({ maxClientQueue: 256 * 1024, heartbeatMs: 3_600_000 });
    const healthy = await connected(server);
    await healthy.message();
    // A reader that sends its request and then never reads a byte.
    const stalled = connect(server.port, '127.0.0.1');
    await once(stalled, 'connect');
    stalled.pause();
    stalled.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\n\r\n`,
    );
    await until(() => server.stats().clients === 2);

    const big = 'x'.repeat(2_000);
    const seen: number[] = [];
    let checkedWhileStalled = false;
    for (let round = 1; server.stats().slowClientsClosed === 0; round++) {
      if (round > 10_000) throw new Error('the stalled reader was never cut off');
      // Small rounds: the stalled reader's queue must be seen in use before it grows past the limit.
      for (let i = 0; i < 10; i++) await handler.handle(handler.classify(new Error(`${big} ${i}`), 'op', `c${i}`));
      await clock.advance(250);
      const { id } = await healthy.message();
      seen.push(Number(id));
      if (!checkedWhileStalled && server.stats().queuedBytes > 0) {
        // The stalled reader's queue is in use: handling an error still settles without waiting on sockets.
        let settled = false;
        void handler.handle(handler.classify(new Error('while stalled'), 'op', 'x')).then(() => (settled = true));
        await Promise.resolve();
        await Promise.resolve();
        expect(settled).toBe(true);
        checkedWhileStalled = true;
      }
      await turn();
    }
    expect(checkedWhileStalled).toBe(true);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    const stats = server.stats();
    expect(stats).toMatchObject({ clients: 1, queuedBytes: 0, clientBacklogBytes: 0, slowClientsClosed: 1 });
    expect(stats.droppedMessages).toBeGreaterThan(0);
    stalled.destroy();
    await once(stalled, 'close');
  });

  it('close() ends the streams, stops watching the handler and leaves no handle open', async () => {
    const { clock, handler, server } = await start();
    const stream = await connected(server);
    await stream.message();
    await handler.handle(handler.classify(connReset(), 'op', 'c'));
    await server.close();
    await stream.closed;
    expect(server.stats().clients).toBe(0);
    expect(clock.pendingSleeps).toBe(0);
    await expect(fetch(`http://127.0.0.1:${server.port}/api/snapshot`)).rejects.toThrow('fetch failed');
    await until(() => tcpHandles() === 0); // a leak would hang here (and the test time out)
    await server.close(); // twice is harmless
  });
});
