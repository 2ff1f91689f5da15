/**
 * What finally became of one handled error, stored on its record (`ErrorRecord.outcome`) and counted in
 * `recoveryStats`. A retry is not a recovery: `retried` says another attempt followed, and that attempt's own
 * record (or the call's success) tells how it went.
 */
export type ErrorOutcome =
  /** The call ran again after `delayMs`, as `action` asked (none: the configured backoff). */
  | { type: 'retried'; delayMs: number; action?: string }
  /**
   * The caller got a fallback value: `action`'s (`data_fallback`: the last good result, `ageMs` old) or the
   * wrapper's own `fallback` (no action).
   */
  | { type: 'fallback'; action?: string; ageMs?: number }
  /** The paper-trading (`degrade`) implementation served the call. */
  | { type: 'degraded'; action: string }
  /** `action` fixed the cause (a direct `handle()` whose caller carries on). */
  | { type: 'recovered'; action: string }
  /** The error reached the caller; `breaker-open`: recovery was not even tried. */
  | { type: 'gave-up'; reason?: 'breaker-open' };

/**
 * One line for people: `data_fallback → served last good result, 3 s old`, `network_retry → retried in 200 ms`,
 * `gave up`.
 */
export function describeOutcome(outcome: ErrorOutcome): string {
  const by = (action: string | undefined, text: string) => (action ? `${action} → ${text}` : text);
  switch (outcome.type) {
    case 'retried':
      return by(outcome.action, `retried in ${formatMs(outcome.delayMs)}`);
    case 'fallback':
      return outcome.ageMs === undefined
        ? by(outcome.action, 'served a fallback value')
        : by(outcome.action, `served last good result, ${formatMs(outcome.ageMs)} old`);
    case 'degraded':
      return by(outcome.action, 'served by paper trading');
    case 'recovered':
      return by(outcome.action, 'recovered');
    case 'gave-up':
      return outcome.reason === 'breaker-open' ? 'gave up (breaker open)' : 'gave up';
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}
