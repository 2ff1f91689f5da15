import { isCircuitOpenError } from '../errors/CircuitOpenError.ts';
import { isAbortError } from '../errors/isAbortError.ts';

/**
 * The default retry decision: aborts, breakers isolated by hand and errors marked `retryable: false` are
 * final; everything else may be retried.
 */
export function isRetryable(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (isCircuitOpenError(error)) return error.retryable;
  if (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false) return false;
  return true;
}

/** A wait the error itself asks for (e.g. from `Retry-After`), in ms, or 0. */
export function retryAfterOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The `name` of a thrown value, for events that must carry plain data. */
export function errorNameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return error === null ? 'null' : typeof error;
}
