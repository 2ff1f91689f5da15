import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DevtoolsFeed, type ErrorHandler } from '@breakwater/core';
import { resolveServerOptions, type DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { EventHub, type DevtoolsServerStats } from './EventHub.ts';
import { handleApiRequest, type ApiContext } from './handleApiRequest.ts';
import { sendError } from './httpReplies.ts';
import { serveApp } from './serveApp.ts';
import { serveMetrics, type MetricsRoute } from './serveMetrics.ts';
import { collectBreakwaterMetrics } from '../metrics/collectBreakwaterMetrics.ts';
import { Registry } from 'prom-client';
import { isLoopbackHostHeader } from '../http/isLoopbackHostHeader.ts';
import { listen } from '../http/listen.ts';
import { sendText } from '../http/sendText.ts';

export interface DevtoolsServer {
  /** What to open: `http://127.0.0.1:<port>/#token=…` (the token rides in the fragment, which is never sent). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly token: string;
  /** Where the app is served from. */
  readonly appDir: string;
  /** The one feed every event stream shares. */
  readonly feed: DevtoolsFeed;
  stats(): DevtoolsServerStats;
  /** Ends the event streams, stops watching the handler, closes every connection and the server. */
  close(): Promise<void>;
}

/**
 * Serves `handler` to the devtools over HTTP: the app at `/`, its snapshot and events (Server-Sent Events,
 * resumable) and the panel's commands under `/api`, all behind a token. Listens on loopback unless told
 * otherwise, and then answers only requests whose `Host` is one of its loopback names (DNS rebinding); logs
 * nothing (a request line would carry the event stream's `?token=`).
 */
export async function startDevtoolsServer(
  handler: ErrorHandler,
  options: DevtoolsServerOptions = {},
): Promise<DevtoolsServer> {
  const settings = resolveServerOptions(options);
  const feed = new DevtoolsFeed(handler, settings.feed);
  const hub = new EventHub(feed, settings);
  const api: ApiContext = {
    token: settings.token,
    feed,
    hub,
    maxClients: settings.maxClients,
    fleetOrigins: new Set(settings.fleetOrigins),
  };
  // With allowRemote the machine may be reached under any of its names: only the token decides then.
  const boundHost = settings.allowRemote ? undefined : settings.host;
  let metrics: MetricsRoute | undefined;
  let stopMetrics: (() => void) | undefined;
  if (settings.metrics) {
    let registry = settings.metrics.registry;
    if (registry === undefined) {
      registry = new Registry();
      stopMetrics = collectBreakwaterMetrics(handler, { registry }).stop;
    }
    metrics = { registry, public: settings.metrics.public };
  }
  const server = createServer((req, res) => {
    route(req, res, api, settings.appDir, boundHost, metrics).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  let port: number;
  try {
    port = await listenOrFallBack(server, settings);
  } catch (error) {
    hub.close();
    throw error;
  }
  const token = settings.token;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(settings.host)}:${port}/#token=${encodeURIComponent(token)}`,
    port,
    host: settings.host,
    token,
    appDir: settings.appDir,
    feed,
    stats: () => hub.stats(),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        hub.close();
        stopMetrics?.();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (fetch keeps them) would hold `close` open until they time out.
        server.closeAllConnections();
      })),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  api: ApiContext,
  appDir: string,
  boundHost: string | undefined,
  metrics: MetricsRoute | undefined,
): Promise<void> {
  // Split by hand: `new URL('//x/y', base)` would read `x` as a host. The query never reaches a log.
  const raw = req.url ?? '/';
  const mark = raw.indexOf('?');
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const isApi = path === '/api' || path.startsWith('/api/');
  const host = req.headers.host;
  if (boundHost !== undefined && !isLoopbackHostHeader(host, boundHost)) {
    // Before the token: a page on another name learns nothing here, not even whether its guess was right.
    const names = new Set(['localhost', '127.0.0.1', '[::1]', urlHost(boundHost).toLowerCase()]);
    const given = host === undefined ? '(none)' : JSON.stringify(host);
    const message =
      `Host ${given} is not a name of this devtools server (${[...names].join(', ')}); ` +
      'a page that reached it under another name (DNS rebinding) is refused';
    return isApi ? sendError(res, 421, message) : sendText(res, 421, `${message}\n`);
  }
  const query = new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1));
  if (isApi) return handleApiRequest(req, res, path, query, api);
  if (path === '/metrics' && metrics) return serveMetrics(req, res, query, api.token, metrics);
  if (!path.startsWith('/')) return sendText(res, 400, 'Bad request.\n');
  return serveApp(req, res, path, appDir, [...api.fleetOrigins]);
}

/** The configured port; when it is taken, a free one if allowed, else an error saying what to do. */
async function listenOrFallBack(
  server: Server,
  settings: { port: number; host: string; fallbackToFreePort: boolean },
): Promise<number> {
  try {
    return await listen(server, settings.port, settings.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || settings.port === 0) throw error;
    if (settings.fallbackToFreePort) return listen(server, 0, settings.host);
    throw new Error(
      `startDevtoolsServer: port ${settings.port} on ${settings.host} is taken (EADDRINUSE); ` +
        'pass another port, 0 for any free one, or fallbackToFreePort: true',
      { cause: error },
    );
  }
}

/** A host as it goes in a URL: IPv6 in brackets, wildcards as the loopback address that reaches them. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
