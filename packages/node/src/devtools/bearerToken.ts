import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token a request carries: `Authorization: Bearer …`, or — for GET only, because `EventSource` cannot set
 * headers — a `token` query parameter. Control requests (POST) need the header, so a token that leaked through
 * a URL (history, a proxy's log) cannot be replayed as a link or a form that changes anything.
 */
export function tokenOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return match?.[1];
  }
  return req.method === 'GET' ? (query.get('token') ?? undefined) : undefined;
}

/**
 * Constant-time comparison. Both sides are hashed first so `timingSafeEqual` always sees equal lengths and the
 * time taken says nothing about the expected token's length either.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
