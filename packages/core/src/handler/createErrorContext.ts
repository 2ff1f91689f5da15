import { categoryDefaults } from '../classify/categoryDefaults.ts';
import { ErrorCategory } from '../classify/ErrorCategory.ts';
import type { ErrorContext } from '../classify/ErrorContext.ts';

export type ErrorContextInit = Pick<ErrorContext, 'operation' | 'component'> & Partial<ErrorContext>;

let sequence = 0;

/**
 * Builds a context by hand, with the seed's defaults (retryCount 0, maxRetries 3, category SYSTEM) and the
 * category's usual severity and retry answer (as classification gives them). Nothing is classified or
 * redacted here: use `handler.classify` for thrown values.
 */
export function createErrorContext(init: ErrorContextInit): ErrorContext {
  // `{ retryCount: undefined }` passes the type check; it must not wipe the default out.
  const given = Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined)) as ErrorContextInit;
  const timestamp = given.timestamp ?? Date.now();
  const name = given.name ?? 'Error';
  const message = given.message ?? '';
  const category = given.category ?? ErrorCategory.SYSTEM;
  return {
    id: given.id ?? `ctx-${timestamp.toString(36)}-${(++sequence).toString(36)}`,
    category,
    severity: categoryDefaults[category].severity,
    retryable: categoryDefaults[category].retryable,
    retryCount: 0,
    maxRetries: 3,
    name,
    message,
    fingerprint: `${name}|${given.operation}|${message}`,
    metadata: {},
    ...given,
    timestamp,
  };
}
