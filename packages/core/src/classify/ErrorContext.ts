import type { ErrorCategory } from './ErrorCategory.ts';
import type { ErrorSeverity } from './ErrorSeverity.ts';

/**
 * One failure, classified and redacted: everything but `error` is plain data that can be stored, sent to
 * devtools or logged. `error` (the thrown value) is kept only on the context handed to recovery actions,
 * never in history.
 */
export interface ErrorContext {
  id: string;
  operation: string;
  component: string;
  category: ErrorCategory;
  severity: ErrorSeverity;
  /** Whether trying again can help (rate limits, timeouts: yes; bad symbol, no funds: no). */
  retryable: boolean;
  /** A wait the failure itself asks for (Retry-After, a breaker's remaining open time). */
  retryAfterMs?: number;
  retryCount: number;
  maxRetries: number;
  /** Epoch milliseconds. */
  timestamp: number;
  /** The error's class name (`RateLimitExceeded`, `TypeError`, …). */
  name: string;
  message: string;
  code?: string;
  status?: number;
  /** Groups the same failure across occurrences. */
  fingerprint: string;
  stack?: string;
  metadata: Record<string, unknown>;
  error?: unknown;
}
