import { readRetryAfter } from '../classify/retryAfter.ts';
import { isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { isAbortError } from '../errors/isAbortError.ts';

/**
 * The default retry decision: aborts, breakers isolated by hand and errors marked `retryable: false` are
 * final; everything else may be retried. A value that throws when read (a revoked Proxy, a throwing getter)
 * cannot show that it is transient: it is final too.
 */
export function isRetryable(error: unknown): boolean {
  try {
    // The guards below are total (they read an unreadable value as "not mine"): read the name here so a value
    // that cannot even say what it is stays final, as classification (SYSTEM, unknown) has it.
    if (typeof error === 'object' && error !== null) void (error as { name?: unknown }).name;
    if (isAbortError(error)) return false;
    if (isCircuitOpenError(error)) return error.retryable;
    if (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false)
      return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * A wait the error itself asks for, in ms, or 0: `retryAfterMs`, `retryAfter`, or a `Retry-After` header
 * (seconds, or an HTTP date measured from `now()`), read as classification reads them. Never throws.
 */
export function retryAfterOf(error: unknown, now: () => number = Date.now): number {
  if (typeof error !== 'object' || error === null) return 0;
  try {
    return readRetryAfter(error, now) ?? 0;
  } catch {
    return 0; // unreadable: it asks for nothing
  }
}

/** The `name` of a thrown value, for events that must carry plain data; `'unknown'` when it cannot be read. */
export function errorNameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    try {
      const name = (error as { name?: unknown }).name;
      if (typeof name === 'string') return name;
    } catch {
      return 'unknown';
    }
  }
  return error === null ? 'null' : typeof error;
}
