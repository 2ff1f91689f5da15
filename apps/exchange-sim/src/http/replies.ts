import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Reply } from '../faults/faultReply.ts';

/** No `Access-Control-Allow-Origin`, on purpose: browsers reach the API from pages this server serves. */
const API_HEADERS: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/** Sends `reply` as JSON; `cut` may spoil the text first (the `malformed` fault), Content-Length still true. */
export function sendReply(res: ServerResponse, reply: Reply, cut?: (json: string) => string): void {
  const json = JSON.stringify(reply.body);
  const text = cut ? cut(json) : json;
  res.writeHead(reply.status, {
    ...API_HEADERS,
    ...reply.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  name: string,
  message: string,
  headers?: Record<string, string>,
): void {
  sendReply(res, { status, body: { error: name, message }, ...(headers ? { headers } : {}) });
}

/** A JSON text cut in half: never valid JSON, since every answer is an object or an array. */
export function truncateJson(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}
