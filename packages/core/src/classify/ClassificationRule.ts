import type { ErrorCategory } from './ErrorCategory.ts';
import type { ErrorFacts } from './ErrorFacts.ts';
import type { ErrorSeverity } from './ErrorSeverity.ts';

/**
 * A user rule, tried before the built-in ones; first match wins. A rule matches when every criterion it
 * gives holds. Declarative criteria can come from the config file; `test` only from code.
 */
export interface ClassificationRule {
  name: string;
  match: {
    /** Any of these class names appears in the error's class chain (own `name` or a prototype's). */
    names?: readonly string[];
    /** The error's `code` (or a cause's) is one of these. */
    codes?: readonly string[];
    /** The HTTP status (the error's, else the nearest cause's) is one of these. */
    statuses?: readonly number[];
    /**
     * A RegExp, or a phrase matched as whole words, case-insensitively, against the (redacted) message;
     * spaces in a phrase also match `_` and `-` ("rate limit" finds `RATE_LIMIT`).
     */
    message?: RegExp | string;
    test?: (facts: ErrorFacts) => boolean;
  };
  category: ErrorCategory;
  /** Default: the category's usual severity. */
  severity?: ErrorSeverity;
  /** Default: the category's usual answer. */
  retryable?: boolean;
}
