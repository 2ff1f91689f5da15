import type { ErrorCategory } from './ErrorCategory.ts';
import type { ErrorSeverity } from './ErrorSeverity.ts';

/** What one built-in rule decides; the Classifier adds the rule's name and any Retry-After wait. */
export interface Verdict {
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  readonly retryable: boolean;
  /**
   * Retryable only when the failure says how long to wait (a breaker's remaining open time, the length of
   * an IP ban): retrying before that fails again, or extends the ban.
   */
  readonly retryAfterRequired?: boolean;
}
