import type { ErrorContext } from '../classify/ErrorContext.ts';
import type { ErrorOutcome } from './ErrorOutcome.ts';

/**
 * A stored error: the context without the thrown value (plain data only), and once settled what finally
 * became of it (`outcome`; absent while recovery runs, and in records of older versions).
 */
export type ErrorRecord = Omit<ErrorContext, 'error'> & { outcome?: ErrorOutcome };
