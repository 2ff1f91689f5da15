import type { Clock } from '@breakwater/core';
import { formatDuration } from './format.ts';
import { useNow } from './useNow.ts';

export interface HalfOpenCountdownProps {
  /** When the breaker lets a trial call through, producer time (`openedAt + recoveryTimeoutMs`). */
  halfOpenAt: number;
  /** Producer time minus panel time. */
  clockOffsetMs: number;
  clock: Clock;
}

/** `half-open in 12 s`, counting down on the panel's clock; re-renders only when the shown second changes. */
export function HalfOpenCountdown({ halfOpenAt, clockOffsetMs, clock }: HalfOpenCountdownProps) {
  const remainingAt = (now: number) => halfOpenAt - (now + clockOffsetMs);
  const now = useNow(clock, (t) => {
    const remaining = remainingAt(t);
    return remaining <= 0 ? null : remaining % 1000 || 1000;
  });
  const remaining = remainingAt(now);
  // The breaker half-opens lazily: the first call after the timeout is the trial.
  return <span>{remaining > 0 ? `half-open in ${formatDuration(remaining)}` : 'half-open on next call'}</span>;
}
