import { randomBytes } from 'node:crypto';
import type { DevtoolsFeedOptions } from '@breakwater/core';
import type { Registry } from 'prom-client';
import { findAppDir } from './findAppDir.ts';
import { isLoopbackHost } from '../http/isLoopbackHost.ts';

export interface DevtoolsServerOptions {
  /**
   * TCP port; 0 (the default) picks a free one — read it from `server.port` / `server.url`. A fixed port (with a
   * fixed `token`) keeps the panel's address across restarts, so a page left open reconnects by itself.
   */
  port?: number;
  /**
   * When `port` is taken, listen on a free port instead of failing (read the one chosen from `server.port`).
   * Default false.
   */
  fallbackToFreePort?: boolean;
  /** Where to listen. Default `127.0.0.1`; anything not loopback is refused unless `allowRemote` is true. */
  host?: string;
  /**
   * Lets `host` be a wildcard or LAN address. The panel can reset breakers and switch the trading mode, and the
   * token then crosses the network in clear text (plain HTTP): only for a network you trust. It also turns the
   * `Host` check off (the machine may be reached under any of its names): the token alone decides then.
   */
  allowRemote?: boolean;
  /**
   * The other devtools servers of a fleet, by origin (`http://127.0.0.1:5002`): a panel page any of them serves
   * may read this server's API and send it commands (CORS; the token is still required), and the page this
   * server serves may connect to them (its CSP `connect-src`), so any bot's address can show the whole fleet.
   * Exact origins only (no wildcard). Default none: the page talks to this server alone.
   */
  fleetOrigins?: readonly string[];
  /** Secret every `/api` request must carry. Default: 32 random bytes, base64url. */
  token?: string;
  /** Directory of the built devtools app. Default: `apps/devtools/dist` of this workspace. */
  appDir?: string;
  /** Batching of the one feed every connection shares. */
  feed?: DevtoolsFeedOptions;
  /**
   * Bytes one event-stream connection may hold back while its reader is slow. Past it the connection is closed
   * (its queued messages dropped and counted); the browser reconnects and resumes or gets a fresh snapshot.
   * Default 4 MiB.
   */
  maxClientQueue?: number;
  /**
   * Event streams open at once at most (each may hold up to `maxClientQueue` of backlog). Past it `/api/events`
   * answers 503 with `Retry-After`; the panel tries again by itself. Default 16.
   */
  maxClients?: number;
  /** Recent batches kept so a reconnecting client (`Last-Event-ID`) gets what it missed. Default 100; 0 = none. */
  replay?: number;
  /** Comment lines sent this often on idle event streams, so proxies keep them open. Default 15 000 ms. */
  heartbeatMs?: number;
  /**
   * Serves `GET /metrics` in the Prometheus text format. `true`: the handler's metrics
   * (`collectBreakwaterMetrics`) in a registry of the server's own. `{ registry }`: that registry as it is (collect
   * into it yourself, with your own metrics). Behind the token unless `public: true` (the Host check stays).
   * Default: no endpoint.
   */
  metrics?: boolean | { registry?: Registry; public?: boolean };
}

export interface ResolvedServerOptions {
  port: number;
  host: string;
  token: string;
  appDir: string;
  feed: DevtoolsFeedOptions;
  allowRemote: boolean;
  fleetOrigins: string[];
  fallbackToFreePort: boolean;
  maxClients: number;
  maxClientQueue: number;
  replay: number;
  heartbeatMs: number;
  metrics: { registry: Registry | undefined; public: boolean } | undefined;
}

const where = 'startDevtoolsServer';

/** Defaults in one place, every option checked here with a message naming it and what it got. */
export function resolveServerOptions(options: DevtoolsServerOptions): ResolvedServerOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw optionError('port', 'an integer from 0 to 65535', port);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw optionError('host', 'a non-empty string', host);
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new RangeError(
      `${where}: host ${JSON.stringify(host)} is not a loopback address, so the devtools ` +
        '(which can reset breakers and switch the trading mode) would be reachable from other machines; ' +
        'pass allowRemote: true to listen there anyway',
    );
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  // Never echo a token: an error message may well end up in a log.
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    const got = typeof token === 'string' ? `a string of ${token.length} characters` : typeof token;
    throw new RangeError(
      `${where}: token must be a non-empty string of visible ASCII characters ` +
        `(it travels in an Authorization header), got ${got}`,
    );
  }
  const maxClientQueue = options.maxClientQueue ?? 4 * 1024 * 1024;
  if (!Number.isInteger(maxClientQueue) || maxClientQueue < 1)
    throw optionError('maxClientQueue', 'a positive integer (bytes)', maxClientQueue);
  const maxClients = options.maxClients ?? 16;
  if (!Number.isInteger(maxClients) || maxClients < 1)
    throw optionError('maxClients', 'a positive integer', maxClients);
  const replay = options.replay ?? 100;
  if (!Number.isInteger(replay) || replay < 0) throw optionError('replay', 'a non-negative integer', replay);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  if (typeof heartbeatMs !== 'number' || !Number.isFinite(heartbeatMs) || heartbeatMs <= 0)
    throw optionError('heartbeatMs', 'a finite number > 0', heartbeatMs);
  const appDir = options.appDir ?? findAppDir();
  if (typeof appDir !== 'string' || appDir === '') throw optionError('appDir', 'a non-empty path', appDir);
  const allowRemote = options.allowRemote === true;
  const fleetOrigins = resolveOrigins(options.fleetOrigins ?? []);
  const metrics = resolveMetrics(options.metrics);
  const fallbackToFreePort = options.fallbackToFreePort ?? false;
  if (typeof fallbackToFreePort !== 'boolean') throw optionError('fallbackToFreePort', 'a boolean', fallbackToFreePort);
  return {
    port,
    host,
    token,
    appDir,
    feed: options.feed ?? {},
    allowRemote,
    fleetOrigins,
    fallbackToFreePort,
    maxClients,
    maxClientQueue,
    replay,
    heartbeatMs,
    metrics,
  };
}

function resolveMetrics(metrics: DevtoolsServerOptions['metrics']): ResolvedServerOptions['metrics'] {
  if (metrics === undefined || metrics === false) return undefined;
  if (metrics === true) return { registry: undefined, public: false };
  if (typeof metrics !== 'object' || metrics === null)
    throw optionError('metrics', 'true, false or { registry?, public? }', metrics);
  const { registry, public: open } = metrics;
  if (
    registry !== undefined &&
    (typeof registry !== 'object' ||
      registry === null ||
      typeof (registry as { metrics?: unknown }).metrics !== 'function')
  ) {
    throw optionError('metrics.registry', 'a prom-client Registry', registry);
  }
  if (open !== undefined && typeof open !== 'boolean') throw optionError('metrics.public', 'a boolean', open);
  return { registry, public: open === true };
}

function resolveOrigins(origins: readonly string[]): string[] {
  if (!Array.isArray(origins)) throw optionError('fleetOrigins', 'an array of origins', origins);
  return origins.map((origin: unknown, i) => {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    // An origin is what a browser sends in `Origin`: compared as a string, so it must be written exactly so.
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw optionError(
        `fleetOrigins[${i}]`,
        'an origin like http://127.0.0.1:5001 (scheme, host, port; no path)',
        origin,
      );
    }
    return origin;
  });
}

function optionError(option: string, expected: string, value: unknown): RangeError {
  const got =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || value == null
        ? String(value)
        : typeof value;
  return new RangeError(`${where}: ${option} must be ${expected}, got ${got}`);
}
