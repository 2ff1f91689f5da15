/** Matches delay-seconds (`120`, `1.5`); anything else with a month name is tried as an HTTP date. */
const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;
/** `Date.parse` reads `'-5'` as a year; an HTTP date always names its month. */
const HAS_LETTERS = /[A-Za-z]{3}/;

/**
 * A Retry-After value in milliseconds: delay-seconds (number or digit string) or an HTTP date measured
 * from `now()` (epoch ms, read only for dates). A date in the past means "now" (0). Unreadable values give
 * `undefined`.
 */
export function parseRetryAfter(value: unknown, now: () => number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  const seconds = SECONDS.exec(value);
  if (seconds !== null) return Number(seconds[1]) * 1000;
  if (!HAS_LETTERS.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/**
 * One header of a plain object (any key case; Node gives `string | string[]`) or of a Headers-like object
 * with `get()` (fetch's Headers, which is case-insensitive itself).
 */
export function headerOf(headers: unknown, lowerName: string): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, lowerName);
    return value ?? undefined;
  }
  const record = headers as Record<string, unknown>;
  let value = record[lowerName];
  if (value === undefined) {
    // Bounded: a headers object is small; anything huge is not one.
    let budget = 64;
    for (const key in record) {
      if (--budget < 0) break;
      if (key.length === lowerName.length && key.toLowerCase() === lowerName) {
        value = record[key];
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The wait a thrown value asks for, in ms: `retryAfterMs` (a finite number >= 0), else `retryAfter` read like
 * the header it is named after, else a `Retry-After` header in `headers` or `response.headers`. `undefined`
 * when none is readable. The one reader behind classification and the retry layer, so both agree. May throw
 * when the value's getters do: callers that face arbitrary values catch.
 */
export function readRetryAfter(
  error: object,
  now: () => number,
  response: unknown = (error as { response?: unknown }).response,
): number | undefined {
  const fields = error as { retryAfterMs?: unknown; retryAfter?: unknown; headers?: unknown };
  const ms = fields.retryAfterMs;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  return (
    parseRetryAfter(fields.retryAfter, now) ??
    parseRetryAfter(headerOf(fields.headers, 'retry-after'), now) ??
    (typeof response === 'object' && response !== null
      ? parseRetryAfter(headerOf((response as { headers?: unknown }).headers, 'retry-after'), now)
      : undefined)
  );
}
