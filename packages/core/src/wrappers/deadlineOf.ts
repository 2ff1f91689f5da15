import type { Clock } from '../time/Clock.ts';

/** The deadline an operation runs under: `ms` as given, ending at `at` on `clock`. */
export interface Deadline {
  readonly ms: number;
  readonly at: number;
  readonly clock: Clock;
}

/**
 * Deadlines travel with the signal `deadline()` hands down, so a retry anywhere inside it (compose layers pass
 * signals, not options) can tell whether its next wait still fits. Weak: a signal's entry goes with it.
 */
const deadlines = new WeakMap<AbortSignal, Deadline>();

/** The deadline `signal` was made for, if any. */
export function deadlineOf(signal: AbortSignal | undefined): Deadline | undefined {
  return signal === undefined ? undefined : deadlines.get(signal);
}

/** Marks `signal` as running under `deadline` (done by `deadline()`, and by `timeout()` for its inner signal). */
export function setDeadline(signal: AbortSignal, deadline: Deadline): void {
  deadlines.set(signal, deadline);
}
