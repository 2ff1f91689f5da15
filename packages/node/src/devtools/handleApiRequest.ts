import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeBreaker, type DevtoolsCommand, type DevtoolsFeed } from '@breakwater/core';
import { isProtocolError, parseDevtoolsCommand } from '@breakwater/core/protocol';
import { tokenMatches, tokenOf } from './bearerToken.ts';
import type { EventHub } from './EventHub.ts';
import { API_HEADERS, sendError, sendJson } from './httpReplies.ts';
import { BodyError, readJsonBody } from '../http/readJsonBody.ts';

export interface ApiContext {
  token: string;
  feed: DevtoolsFeed;
  hub: EventHub;
  /** Event streams open at once at most. */
  maxClients: number;
  /** The fleet's other devtools servers, whose pages are let in; see `DevtoolsServerOptions.fleetOrigins`. */
  fleetOrigins: ReadonlySet<string>;
}

const breakerRoute = /^\/api\/breakers\/([^/]+)\/(reset|isolate)$/;
const chaosRoute = /^\/api\/chaos\/([^/]+)$/;
const maxBodyBytes = 4096;

/**
 * Everything under `/api`: the token first (a request without it learns nothing, not even which paths exist),
 * then the route. POSTs from another origin are refused even with the token, unless `fleetOrigins` names it.
 */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  api: ApiContext,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && api.fleetOrigins.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    // A preflight carries no token (browsers never send credentials on it); it only learns what it may send.
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...API_HEADERS,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'authorization, content-type, last-event-id',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
  }
  if (!tokenMatches(api.token, tokenOf(req, query))) {
    sendError(res, 401, 'missing or wrong token', { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  if (path === '/api/snapshot') {
    if (req.method !== 'GET') return notAllowed(res, req.method, 'GET');
    sendJson(res, 200, api.feed.snapshot());
    return;
  }
  if (path === '/api/events') {
    if (req.method !== 'GET') return notAllowed(res, req.method, 'GET');
    streamEvents(req, res, api.hub, api.maxClients);
    return;
  }
  const breaker = breakerRoute.exec(path);
  const chaos = chaosRoute.exec(path);
  if (!breaker && !chaos && path !== '/api/mode' && path !== '/api/mode/release') {
    sendError(res, 404, `no such endpoint: ${req.method} ${path}`);
    return;
  }
  if (req.method !== 'POST') return notAllowed(res, req.method, 'POST');
  if (!sameOrigin(req) && !(origin !== undefined && api.fleetOrigins.has(origin))) {
    sendError(res, 403, 'cross-origin requests are not allowed');
    return;
  }
  let command: DevtoolsCommand;
  try {
    if (breaker) command = parseDevtoolsCommand({ type: `breaker.${breaker[2]}`, name: decodeName(breaker[1]!) });
    else if (chaos) command = await chaosCommand(req, decodeName(chaos[1]!));
    else if (path === '/api/mode/release') command = { type: 'mode.release' };
    else command = await modeCommand(req);
  } catch (error) {
    if (error instanceof BodyError) return sendError(res, error.status, error.message);
    if (isProtocolError(error)) return sendError(res, 400, error.message);
    throw error;
  }
  try {
    api.feed.execute(command);
  } catch (error) {
    // The feed's only refusal: no breaker by that name.
    if (error instanceof RangeError) return sendError(res, 404, error.message);
    throw error;
  }
  if (command.type === 'mode.set' || command.type === 'mode.release') {
    sendJson(res, 200, { mode: api.feed.handler.mode, held: api.feed.handler.modeHeld });
  } else if (command.type === 'chaos.set') sendJson(res, 200, { name: command.name, enabled: command.enabled });
  else sendJson(res, 200, describeBreaker(api.feed.handler.breakers.get(command.name)));
}

/** How long a refused event stream is told to wait (the panel retries by itself anyway). */
const busyRetryAfterSeconds = 5;

function streamEvents(req: IncomingMessage, res: ServerResponse, hub: EventHub, maxClients: number): void {
  if (hub.full) {
    sendError(
      res,
      503,
      `too many event streams: ${hub.stats().clients} open, maxClients is ${maxClients}; try again later`,
      {
        'Retry-After': String(busyRetryAfterSeconds),
      },
    );
    return;
  }
  res.writeHead(200, {
    ...API_HEADERS,
    'Content-Type': 'text/event-stream',
    // Reverse proxies (nginx) would otherwise hold events back to fill their buffers.
    'X-Accel-Buffering': 'no',
  });
  req.socket.setNoDelay(true);
  // An open stream is idle between batches: no inactivity timeout may cut it.
  req.socket.setTimeout(0);
  const lastEventId = req.headers['last-event-id'];
  hub.add(res, typeof lastEventId === 'string' ? lastEventId.trim() : undefined);
}

/** `{ "enabled": true }` → a `chaos.set` command for the policy named in the path. */
async function chaosCommand(req: IncomingMessage, name: string): Promise<DevtoolsCommand> {
  const body = await readJsonBody(req, maxBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BodyError(400, 'body must be a JSON object like {"enabled":true}');
  return parseDevtoolsCommand({ type: 'chaos.set', name, enabled: (body as { enabled?: unknown }).enabled });
}

/** `{ "mode": "live" }` → a `mode.set` command; anything else names what is wrong. */
async function modeCommand(req: IncomingMessage): Promise<DevtoolsCommand> {
  const body = await readJsonBody(req, maxBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BodyError(400, 'body must be a JSON object like {"mode":"live"}');
  return parseDevtoolsCommand({ type: 'mode.set', mode: (body as { mode?: unknown }).mode });
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BodyError(400, `breaker name is not valid percent-encoding: ${raw}`);
  }
}

/**
 * A browser says where a request comes from in `Origin`; ours come from the page this server served, so the
 * origin names the host the browser addressed (`Host`, already checked to be one of this server's names). A
 * missing Origin is let through: browsers always send one on a cross-origin POST, and clients that are not
 * browsers (curl, scripts) send none; they still need the token.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host ?? ''}`;
}

function notAllowed(res: ServerResponse, method: string | undefined, allow: string): void {
  sendError(res, 405, `method ${method ?? '?'} not allowed here; use ${allow}`, { Allow: allow });
}
