import { ENDPOINTS, PRIVATE_ENDPOINTS, type Endpoint } from '../api/Endpoint.ts';

/**
 * What can go wrong, in the order a request's one roll is laid over them. `latency` is rolled apart and adds
 * to whichever of the others strikes.
 *
 * | kind              | what the client sees                                                        |
 * |-------------------|-----------------------------------------------------------------------------|
 * | latency           | the normal answer, `ms`–`maxMs` later                                       |
 * | timeout           | nothing, until it gives up (or, with `ms`, an answer that late); not processed |
 * | reset             | the connection reset before any answer (ECONNRESET); not processed          |
 * | rateLimit         | 429 `RateLimitExceeded`, `Retry-After: <retryAfterS>`                       |
 * | maintenance       | 503 `OnMaintenance`                                                         |
 * | nonce             | 400 `InvalidNonce` (private endpoints)                                      |
 * | insufficientFunds | 400 `InsufficientFunds` (createOrder)                                       |
 * | acceptThenTimeout | the order IS stored, then the answer is lost: reset or timeout (createOrder)  |
 * | malformed         | the real answer, its JSON cut short (a 2xx answer only; an order is stored)   |
 * | stale             | an old price with an old timestamp (ticker, orderBook)                      |
 */
export const FAULT_KINDS = [
  'latency',
  'timeout',
  'reset',
  'rateLimit',
  'maintenance',
  'nonce',
  'insufficientFunds',
  'acceptThenTimeout',
  'malformed',
  'stale',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds that decide a request's fate; at most one strikes per request. */
export const TERMINAL_FAULT_KINDS = FAULT_KINDS.filter((k) => k !== 'latency') as Exclude<FaultKind, 'latency'>[];

/** Where each kind can strike; also where it strikes when a scenario names no `endpoints`. */
export const FAULT_ENDPOINTS: Readonly<Record<FaultKind, readonly Endpoint[]>> = {
  latency: ENDPOINTS,
  timeout: ENDPOINTS,
  reset: ENDPOINTS,
  rateLimit: ENDPOINTS,
  maintenance: ENDPOINTS,
  nonce: PRIVATE_ENDPOINTS,
  insufficientFunds: ['createOrder'],
  acceptThenTimeout: ['createOrder'],
  malformed: ENDPOINTS,
  stale: ['ticker', 'orderBook'],
};

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}
