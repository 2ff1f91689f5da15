import type { ErrorHandler } from '../handler/ErrorHandler.ts';
import { getGlobalErrorHandler } from '../handler/globalErrorHandler.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';

export interface ErrorContextOptions {
  operation: string;
  component: string;
  metadata?: Record<string, unknown>;
  /** Default: the global handler. */
  handler?: ErrorHandler;
}

/**
 * The seed's `error_context`: runs `fn`; on error records it, starts recovery and always re-throws the
 * original error. A sync `fn` stays sync (recovery runs on in the background: nothing blocks); for an async
 * one the returned promise rejects after recovery has run.
 */
export function errorContext<R>(options: ErrorContextOptions, fn: () => R): R {
  const { operation, component } = options;
  // Checked before fn runs: a bad name found during recovery would surface as an unhandled rejection.
  if (typeof operation !== 'string' || typeof component !== 'string' || operation === '' || component === '') {
    throw new TypeError('errorContext: options.operation and options.component must be non-empty strings');
  }
  const handler = options.handler ?? getGlobalErrorHandler();
  const handle = (error: unknown) => handler.handle(handler.classify(error, operation, component, options.metadata));
  let result: R;
  try {
    result = fn();
  } catch (error) {
    // Recording happens synchronously inside handle(); its promise never rejects (actions' throws are caught).
    void handle(error);
    throw error;
  }
  if (!isPromiseLike(result)) return result;
  return (async () => {
    try {
      return await result;
    } catch (error) {
      await handle(error);
      throw error;
    }
  })() as R;
}
