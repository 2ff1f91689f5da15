import type { BreakerEvent } from '../breaker/BreakerEvent.ts';
import type { ModeChangedEvent, ModeReleasedEvent } from '../mode/ModeEvent.ts';
import type { ErrorOutcome } from '../storage/ErrorOutcome.ts';
import type { ErrorRecord } from '../storage/ErrorRecord.ts';
import type { RecoveryOutcome } from './RecoveryAction.ts';

export interface ErrorRecordedEvent {
  type: 'error.recorded';
  context: ErrorRecord;
  at: number;
}

/** What finally became of a recorded error (see `ErrorOutcome`); its record in history now carries it. */
export interface ErrorSettledEvent {
  type: 'error.settled';
  errorId: string;
  outcome: ErrorOutcome;
  at: number;
}

export interface RecoveryAttemptedEvent {
  type: 'recovery.attempted';
  errorId: string;
  action: string;
  at: number;
}

export interface RecoverySucceededEvent {
  type: 'recovery.succeeded';
  errorId: string;
  action: string;
  outcome: Exclude<RecoveryOutcome['type'], 'failed'>;
  at: number;
}

export interface RecoveryFailedEvent {
  type: 'recovery.failed';
  errorId: string;
  action: string;
  /** `failed`: the action said so; `threw`: it threw (message given). */
  reason: 'failed' | 'threw';
  message?: string;
  at: number;
}

/** Recovery was not attempted because the component's breaker is OPEN. */
export interface RecoverySkippedEvent {
  type: 'recovery.skipped';
  errorId: string;
  component: string;
  reason: 'breaker-open';
  at: number;
}

/** A wrapped call will be attempted again. */
export interface CallRetryScheduledEvent {
  type: 'call.retry-scheduled';
  errorId: string;
  operation: string;
  component: string;
  /** The attempt that failed (0 is the first call). */
  attempt: number;
  delayMs: number;
  at: number;
}

export interface ConfigChangedEvent {
  type: 'config.changed';
  at: number;
}

/** The store's queue was full: `count` oldest unwritten records were dropped (`total` since start). */
export interface StoreDroppedEvent {
  type: 'store.dropped';
  count: number;
  total: number;
  at: number;
}

/** A write to the store failed; its records stay queued and are tried again. */
export interface StoreFailedEvent {
  type: 'store.failed';
  message: string;
  at: number;
}

/** History and breaker state came back from the store (`handler.restore()`). */
export interface StoreRestoredEvent {
  type: 'store.restored';
  records: number;
  breakers: string[];
  /** Breakers with a user-defined strategy or isFailure: restored when code registers them by name. */
  pending: string[];
  at: number;
}

export type HandlerEvent =
  | ErrorRecordedEvent
  | ErrorSettledEvent
  | RecoveryAttemptedEvent
  | RecoverySucceededEvent
  | RecoveryFailedEvent
  | RecoverySkippedEvent
  | CallRetryScheduledEvent
  | ModeChangedEvent
  | ModeReleasedEvent
  | ConfigChangedEvent
  | StoreDroppedEvent
  | StoreFailedEvent
  | StoreRestoredEvent
  | BreakerEvent;
