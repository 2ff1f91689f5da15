import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { tokenMatches, tokenOf } from './bearerToken.ts';
import { API_HEADERS, sendError } from './httpReplies.ts';

export interface MetricsRoute {
  registry: Registry;
  /** Scrapes need no token (the Host check still applies). */
  public: boolean;
}

/**
 * `GET /metrics` in the Prometheus text format. Behind the panel's token unless made public: a scrape config
 * sends it as `authorization: { credentials: <token> }` (a Bearer header); a query `?token=` works too.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  token: string,
  route: MetricsRoute,
): Promise<void> {
  if (!route.public && !tokenMatches(token, tokenOf(req, query))) {
    sendError(res, 401, 'missing or wrong token', { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `method ${req.method ?? '?'} not allowed here; use GET`, { Allow: 'GET, HEAD' });
    return;
  }
  const text = await route.registry.metrics();
  res.writeHead(200, {
    ...API_HEADERS,
    'Content-Type': route.registry.contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
