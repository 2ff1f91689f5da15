import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Headers on every `/api` answer. There is deliberately no `Access-Control-Allow-Origin` (except for the fleet's other
 * devtools servers, `fleetOrigins`): the app is served from this same origin, and any other origin's script
 * must not read what a trading process is doing.
 */
export const API_HEADERS: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...API_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: string, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { error }, headers);
}
