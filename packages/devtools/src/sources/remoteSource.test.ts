import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import { remoteSource, type EventSourceLike, type RemoteSourceOptions } from '../index.ts';

/** Stands in for the browser's EventSource: the test plays the server and the browser's reconnection. */
class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  message(data: string) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  /** The stream dropped; the browser will reconnect by itself (sending Last-Event-ID). */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
  /** The browser gave up (an HTTP error, a wrong content type). */
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

/** The server accepts the token: the probe after a failed stream hears 405 (HEAD on the stream), never 401. */
const tokenAccepted = async () => new Response(null, { status: 405 });

function setup(options: RemoteSourceOptions = {}) {
  FakeEventSource.instances = [];
  const clock = new ManualClock(0);
  const source = remoteSource('http://127.0.0.1:4000', {
    token: 's3cret',
    clock,
    EventSource: FakeEventSource,
    fetch: tokenAccepted,
    ...options,
  });
  const messages: unknown[] = [];
  const statuses: string[] = [];
  const stop = source.connect(
    (m) => messages.push(m),
    (s, detail) => statuses.push(detail === undefined ? s : `${s} (${detail})`),
  );
  return { clock, source, messages, statuses, stop, streams: FakeEventSource.instances };
}

describe('remoteSource', () => {
  it('opens the event stream with the token in the query and hands on each message as text', () => {
    const { messages, statuses, streams } = setup();
    expect(streams.map((s) => s.url)).toEqual(['http://127.0.0.1:4000/api/events?token=s3cret']);
    streams[0]!.open();
    streams[0]!.message('{"type":"snapshot"}');
    expect(statuses).toEqual(['connecting', 'open']);
    expect(messages).toEqual(['{"type":"snapshot"}']);
  });

  it('lets the browser resume a dropped stream (no new EventSource: Last-Event-ID is the browser’s)', () => {
    const { statuses, streams } = setup();
    streams[0]!.open();
    streams[0]!.drop();
    streams[0]!.open();
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting (resuming the stream)', 'open']);
    expect(streams).toHaveLength(1);
  });

  it('when the browser gives up, opens a new stream after a doubling backoff, reset by success', async () => {
    const { clock, statuses, streams } = setup();
    streams[0]!.fail();
    expect(streams[0]!.closed).toBe(true);
    await clock.advance(999);
    expect(streams).toHaveLength(1);
    await clock.advance(1);
    expect(streams).toHaveLength(2);
    streams[1]!.fail();
    await clock.advance(2_000);
    streams[2]!.open();
    streams[2]!.fail();
    expect(statuses).toEqual([
      'connecting',
      'reconnecting (retrying in 1 s)',
      'reconnecting (attempt 2)',
      'reconnecting (retrying in 2 s)',
      'reconnecting (attempt 3)',
      'open',
      'reconnecting (retrying in 1 s)',
    ]);
  });

  it('caps the backoff', async () => {
    const { clock, statuses, streams } = setup({ initialBackoffMs: 1_000, maxBackoffMs: 3_000 });
    for (let i = 0; i < 4; i++) {
      streams[i]!.fail();
      await clock.advance(3_000);
    }
    expect(statuses.filter((s) => s.includes('retrying'))).toEqual([
      'reconnecting (retrying in 1 s)',
      'reconnecting (retrying in 2 s)',
      'reconnecting (retrying in 3 s)',
      'reconnecting (retrying in 3 s)',
    ]);
  });

  it('stops: closes the stream, cancels a pending retry and says nothing more', async () => {
    const { clock, statuses, streams, stop } = setup();
    streams[0]!.fail();
    stop();
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(60_000);
    expect(streams).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'reconnecting (retrying in 1 s)']);

    const second = setup();
    second.stop();
    expect(second.streams[0]!.closed).toBe(true);
    second.streams[0]!.message('late');
    expect(second.messages).toEqual([]);
  });

  it('stops retrying when the server rejects the token (401), and says so', async () => {
    const probes: Array<[string, RequestInit]> = [];
    const fetch = async (url: string, init: RequestInit) => {
      probes.push([url, init]);
      return new Response(JSON.stringify({ error: 'missing or wrong token' }), { status: 401 });
    };
    const { clock, statuses, streams } = setup({ fetch });
    streams[0]!.fail();
    await clock.advance(0); // the probe's answer
    expect(probes).toEqual([
      ['http://127.0.0.1:4000/api/events', { method: 'HEAD', headers: { authorization: 'Bearer s3cret' } }],
    ]);
    expect(statuses).toEqual([
      'connecting',
      'reconnecting (retrying in 1 s)',
      'rejected (the server rejected this page’s token (401): probably the address of an earlier run; ' +
        'open the address the process printed this time)',
    ]);
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(60_000);
    expect(streams).toHaveLength(1);
  });

  it('keeps retrying when the probe hears anything but 401, or nothing', async () => {
    const { clock, streams } = setup({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    streams[0]!.fail();
    await clock.advance(1_000);
    expect(streams).toHaveLength(2);
    const busy = setup({ fetch: async () => new Response(null, { status: 503 }) });
    busy.streams[0]!.fail();
    await busy.clock.advance(1_000);
    expect(busy.streams).toHaveLength(2);
  });

  it('says a command’s 401 plainly', async () => {
    const { source } = setup({
      fetch: async () => new Response(JSON.stringify({ error: 'missing or wrong token' }), { status: 401 }),
    });
    await expect(source.command({ type: 'breaker.reset', name: 'kraken' })).rejects.toThrow(
      new Error(
        'remoteSource: POST /api/breakers/kraken/reset failed: 401 the server rejected this page’s token: ' +
          'probably the address of an earlier run; open the address the process printed this time',
      ),
    );
  });

  it('sends commands as POSTs with the token as a Bearer header', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const fetch = async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(null, { status: 204 });
    };
    const { source } = setup({ fetch });
    await source.command({ type: 'breaker.reset', name: 'kraken/spot' });
    await source.command({ type: 'breaker.isolate', name: 'kraken' });
    await source.command({ type: 'mode.set', mode: 'live' });
    expect(calls).toEqual([
      [
        'http://127.0.0.1:4000/api/breakers/kraken%2Fspot/reset',
        { method: 'POST', headers: { authorization: 'Bearer s3cret' } },
      ],
      [
        'http://127.0.0.1:4000/api/breakers/kraken/isolate',
        { method: 'POST', headers: { authorization: 'Bearer s3cret' } },
      ],
      [
        'http://127.0.0.1:4000/api/mode',
        {
          method: 'POST',
          headers: { authorization: 'Bearer s3cret', 'content-type': 'application/json' },
          body: '{"mode":"live"}',
        },
      ],
    ]);
  });

  it('rejects a refused command with the server’s reason', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ error: 'no circuit breaker named "nope"' }), { status: 404 });
    const { source } = setup({ fetch });
    await expect(source.command({ type: 'breaker.reset', name: 'nope' })).rejects.toThrow(
      new Error('remoteSource: POST /api/breakers/nope/reset failed: 404 no circuit breaker named "nope"'),
    );
    const down = setup({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await expect(down.source.command({ type: 'mode.set', mode: 'paper' })).rejects.toThrow(
      new Error('remoteSource: POST /api/mode failed: fetch failed'),
    );
  });

  it('resolves paths under a base URL with a path', () => {
    FakeEventSource.instances = [];
    remoteSource('http://host:1/bot/', { EventSource: FakeEventSource, clock: new ManualClock() }).connect(
      () => undefined,
      () => undefined,
    );
    expect(FakeEventSource.instances[0]!.url).toBe('http://host:1/bot/api/events');
  });

  it('refuses a backoff that cannot work', () => {
    expect(() => remoteSource('http://x', { initialBackoffMs: 0 })).toThrow(
      new RangeError('remoteSource: need 0 < initialBackoffMs <= maxBackoffMs, got 0 and 30000'),
    );
  });
});
