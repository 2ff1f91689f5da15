import type { ErrorFacts } from './ErrorFacts.ts';
import { redactClipped } from './redact.ts';
import { readRetryAfter } from './retryAfter.ts';

/**
 * Longer messages and stacks are cut after redaction (a cut must not split a secret); classification never
 * needs more.
 */
export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_STACK_LENGTH = 16384;
/** Causes followed below the thrown value (fetch → undici → socket is three). */
export const MAX_CAUSES = 5;
const MAX_PROTOTYPES = 16;

const NONE: readonly string[] = Object.freeze([]);
const NO_CAUSES: readonly ErrorFacts[] = Object.freeze([]);

/** Constructor names of a prototype chain; prototypes are few and long-lived, so each is walked once. */
const chains = new WeakMap<object, readonly string[]>();

function chainOf(proto: object | null): readonly string[] {
  if (proto === null) return NONE;
  let chain = chains.get(proto);
  if (chain !== undefined) return chain;
  const names: string[] = [];
  let p: object | null = proto;
  for (let i = 0; p !== null && i < MAX_PROTOTYPES; i++, p = Object.getPrototypeOf(p) as object | null) {
    if (!Object.hasOwn(p, 'constructor')) continue;
    const ctor = (p as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? ctor.name : undefined;
    if (typeof name === 'string' && name !== '' && name !== 'Object' && !names.includes(name)) names.push(name);
  }
  chain = names.length === 0 ? NONE : names;
  chains.set(proto, chain);
  return chain;
}

/**
 * The own `name` first, then the constructors. A `name` already in the chain is the chain (ccxt names each
 * class after itself; `class X extends Error {}` inherits `'Error'`). A `name` not in it — a DOMException's
 * `AbortError`, a minified class — is the most specific fact and goes first.
 */
function namesOf(name: string | undefined, proto: object | null): readonly string[] {
  const chain = chainOf(proto);
  if (name === undefined || chain.includes(name)) return chain;
  return chain.length === 0 ? [name] : [name, ...chain];
}

function httpStatus(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.length === 3 ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && value.length <= 64 ? value : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function textOf(error: Record<string, unknown>): string | undefined {
  const message = error.message;
  if (typeof message === 'string') return message;
  const msg = error.msg;
  if (typeof msg === 'string') return msg;
  const text = error.error;
  return typeof text === 'string' ? text : undefined;
}

/** Facts of one value, without its causes. */
function readOne(value: unknown, now: () => number, withStack: boolean): ErrorFacts {
  if (typeof value !== 'object' || value === null) {
    const name = value === null ? 'null' : typeof value;
    const message = typeof value === 'function' ? '' : redactClipped(String(value), MAX_MESSAGE_LENGTH);
    return { name, names: NONE, message, causes: NO_CAUSES };
  }
  const error = value as Record<string, unknown>;
  const ownName = typeof error.name === 'string' && error.name !== '' ? error.name : undefined;
  // Thrown response bodies (`{ code: -1003, msg: '…' }`) carry their text in `msg` or `error`.
  const text = textOf(error);
  const facts: ErrorFacts = {
    name: ownName ?? 'object',
    names: namesOf(ownName, Object.getPrototypeOf(value) as object | null),
    message: text === undefined ? '' : redactClipped(text, MAX_MESSAGE_LENGTH),
    causes: NO_CAUSES,
  };
  const code = codeOf(error.code);
  if (code !== undefined) facts.code = code;
  const response = error.response;
  const status =
    httpStatus(error.status) ??
    httpStatus(error.statusCode) ??
    (typeof response === 'object' && response !== null
      ? (httpStatus((response as { status?: unknown }).status) ??
        httpStatus((response as { statusCode?: unknown }).statusCode))
      : undefined);
  if (status !== undefined) facts.status = status;
  const retryAfterMs = readRetryAfter(error, now, response);
  if (retryAfterMs !== undefined) facts.retryAfterMs = retryAfterMs;
  if (withStack && typeof error.stack === 'string') facts.stack = redactClipped(error.stack, MAX_STACK_LENGTH);
  return facts;
}

/** `cause`, or the first of an AggregateError's `errors` (Node's happy-eyeballs connect throws one). */
function causeOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const { cause, errors } = value as { cause?: unknown; errors?: unknown };
  if (cause !== undefined) return cause;
  return Array.isArray(errors) && errors.length > 0 ? errors[0] : undefined;
}

/**
 * Reads what classification needs off any thrown value, without importing anyone's error classes:
 * class names, `code`, HTTP status (`status`, `statusCode`, `response.status`), Retry-After (`retryAfterMs`,
 * `retryAfter`, or a `Retry-After` header in `headers`/`response.headers`), and the `cause` chain (flat,
 * nearest first, without stacks). Message and stack are redacted. Never throws: a value whose getters throw
 * yields what could be read before, or `name: 'unknown'`.
 */
export function readFacts(value: unknown, now: () => number = Date.now, withStack = true): ErrorFacts {
  let facts: ErrorFacts;
  try {
    facts = readOne(value, now, withStack);
  } catch {
    return { name: 'unknown', names: NONE, message: '', causes: NO_CAUSES };
  }
  try {
    let cause = causeOf(value);
    if (cause === undefined) return facts;
    const causes: ErrorFacts[] = [];
    facts.causes = causes;
    const seen: unknown[] = [value];
    while (cause !== undefined && causes.length < MAX_CAUSES && !seen.includes(cause)) {
      causes.push(readOne(cause, now, false));
      seen.push(cause);
      cause = causeOf(cause);
    }
  } catch {
    // A hostile cause: keep the causes read so far.
  }
  return facts;
}
