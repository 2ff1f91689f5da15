import { ErrorCategory } from './ErrorCategory.ts';
import { ErrorSeverity } from './ErrorSeverity.ts';
import type { Verdict } from './Verdict.ts';

/**
 * Each category's usual severity and retry answer, used when a rule leaves them out. Severities are the
 * seed's. Only NETWORK is retryable by default: for everything else a retry is as likely to repeat the
 * failure (or, for an order, to place it twice) as to fix it, so rules opt in case by case.
 */
export const categoryDefaults: Readonly<Record<ErrorCategory, Omit<Verdict, 'category'>>> = {
  [ErrorCategory.NETWORK]: { severity: ErrorSeverity.MEDIUM, retryable: true },
  [ErrorCategory.API]: { severity: ErrorSeverity.MEDIUM, retryable: false },
  [ErrorCategory.DATA]: { severity: ErrorSeverity.HIGH, retryable: false },
  [ErrorCategory.EXCHANGE]: { severity: ErrorSeverity.HIGH, retryable: false },
  [ErrorCategory.STRATEGY]: { severity: ErrorSeverity.MEDIUM, retryable: false },
  [ErrorCategory.MEMORY]: { severity: ErrorSeverity.CRITICAL, retryable: false },
  [ErrorCategory.CONFIGURATION]: { severity: ErrorSeverity.HIGH, retryable: false },
  [ErrorCategory.SYSTEM]: { severity: ErrorSeverity.MEDIUM, retryable: false },
};

/** A verdict with the category's defaults filled in. */
export function verdictOf(category: ErrorCategory, severity?: ErrorSeverity, retryable?: boolean): Verdict {
  const defaults = categoryDefaults[category];
  return {
    category,
    severity: severity ?? defaults.severity,
    retryable: retryable ?? defaults.retryable,
  };
}
