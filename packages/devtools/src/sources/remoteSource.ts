import { systemClock, type Clock, type DevtoolsCommand } from '@breakwater/core';
import type { DevtoolsSource } from './DevtoolsSource.ts';

/** What the source needs of an `EventSource` (tests pass a fake one). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface RemoteSourceOptions {
  /** Sent as `?token=` on the event stream (EventSource cannot set headers) and as a Bearer header on commands. */
  token?: string;
  /** Waits between reconnection attempts. Default: the system clock. */
  clock?: Clock;
  /** First wait after the browser gives up on the stream; doubled per failed attempt. Default 1000. */
  initialBackoffMs?: number;
  /** Longest wait between attempts. Default 30000. */
  maxBackoffMs?: number;
  /** Default: the global `EventSource`. */
  EventSource?: new (url: string) => EventSourceLike;
  /** Default: the global `fetch`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

const CLOSED = 2; // EventSource.CLOSED, without reaching for the global

/** Said when the server answers 401: a page kept from an earlier run carries the token of that run. */
const rejected = 'the server rejected this page’s token';
const rejectedHint = 'probably the address of an earlier run; open the address the process printed this time';

/**
 * A process served by `startDevtoolsServer`: Server-Sent Events from `GET /api/events` and commands as
 * `POST`s. When the stream drops, the browser reconnects by itself and sends `Last-Event-ID`, so the server
 * resumes where it stopped; when the browser gives up (an HTTP error), this source opens a new stream after a
 * backoff, and the server starts it with a snapshot.
 */
export function remoteSource(url: string, options: RemoteSourceOptions = {}): DevtoolsSource {
  const base = url.endsWith('/') ? url : `${url}/`;
  const endpoint = (path: string) => new URL(path, base).toString();
  const initialMs = options.initialBackoffMs ?? 1000;
  const maxMs = options.maxBackoffMs ?? 30_000;
  if (!(initialMs > 0) || !(maxMs >= initialMs)) {
    throw new RangeError(`remoteSource: need 0 < initialBackoffMs <= maxBackoffMs, got ${initialMs} and ${maxMs}`);
  }

  return {
    connect(onMessage, onStatus) {
      const EventSourceImpl = options.EventSource ?? globalThis.EventSource;
      const clock = options.clock ?? systemClock();
      const streamUrl = new URL('api/events', base);
      if (options.token !== undefined) streamUrl.searchParams.set('token', options.token);
      const stopped = new AbortController();
      const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
      let stream: EventSourceLike | undefined;
      let retry: AbortController | undefined; // the pending wait before the next stream
      let failures = 0;

      const open = () => {
        onStatus(
          failures === 0 ? 'connecting' : 'reconnecting',
          failures === 0 ? undefined : `attempt ${failures + 1}`,
        );
        const current = new EventSourceImpl(streamUrl.toString());
        stream = current;
        current.onopen = () => {
          failures = 0;
          onStatus('open');
        };
        current.onmessage = (event) => onMessage(event.data);
        current.onerror = () => {
          if (current.readyState !== CLOSED) {
            onStatus('reconnecting', 'resuming the stream');
            return;
          }
          current.close();
          const delay = Math.min(maxMs, initialMs * 2 ** failures);
          failures++;
          onStatus('reconnecting', `retrying in ${Math.ceil(delay / 1000)} s`);
          const wait = (retry = new AbortController());
          clock.sleep(delay, wait.signal).then(open, () => undefined);
          // EventSource never tells the status; ask once, beside the retry. A HEAD passes the token check and
          // then gets 405, so only a rejected token answers 401 — and retrying with it can never succeed.
          fetchImpl?.(streamUrl.origin + streamUrl.pathname, { method: 'HEAD', headers: authorization() }).then(
            (response) => {
              if (response.status !== 401 || stopped.signal.aborted || stream !== current) return;
              wait.abort();
              onStatus('rejected', `${rejected} (401): ${rejectedHint}`);
            },
            () => undefined,
          );
        };
      };

      open();
      return () => {
        stopped.abort();
        retry?.abort();
        if (stream) stream.onopen = stream.onmessage = stream.onerror = null;
        stream?.close();
      };
    },

    async command(command) {
      const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
      const { path, body } = route(command);
      const headers = authorization();
      if (body !== undefined) headers['content-type'] = 'application/json';
      const init: RequestInit = { method: 'POST', headers };
      if (body !== undefined) init.body = body;
      let response: Response;
      try {
        response = await fetchImpl(endpoint(path), init);
      } catch (error) {
        throw new Error(
          `remoteSource: POST /${path} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      if (!response.ok) {
        const said = response.status === 401 ? `${rejected}: ${rejectedHint}` : await reason(response);
        throw new Error(`remoteSource: POST /${path} failed: ${response.status} ${said}`);
      }
    },
  };

  function authorization(): Record<string, string> {
    return options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  }
}

function route(command: DevtoolsCommand): { path: string; body?: string } {
  switch (command.type) {
    case 'breaker.reset':
      return { path: `api/breakers/${encodeURIComponent(command.name)}/reset` };
    case 'breaker.isolate':
      return { path: `api/breakers/${encodeURIComponent(command.name)}/isolate` };
    case 'mode.set':
      return { path: 'api/mode', body: JSON.stringify({ mode: command.mode }) };
    case 'mode.release':
      return { path: 'api/mode/release' };
    case 'chaos.set':
      return {
        path: `api/chaos/${encodeURIComponent(command.name)}`,
        body: JSON.stringify({ enabled: command.enabled }),
      };
  }
}

/** The server's words: `{ "error": "…" }` or plain text, shortened for a status line. */
async function reason(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  let said = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string')
      said = (parsed as { error: string }).error;
  } catch {
    // not JSON: the text as it is
  }
  said = said || response.statusText;
  return said.length > 200 ? `${said.slice(0, 199)}…` : said;
}
