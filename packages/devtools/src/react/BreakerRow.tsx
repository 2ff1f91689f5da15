import { memo, useState } from 'react';
import type { Clock, DevtoolsBreaker, DevtoolsCommand } from '@breakwater/core';
import { ConfirmPrompt } from './ConfirmPrompt.tsx';
import { formatCount, formatPercent, formatTime } from './format.ts';
import { HalfOpenCountdown } from './HalfOpenCountdown.tsx';
import { StateBadge } from './StateBadge.tsx';
import { styles } from './styles.ts';

export interface BreakerRowProps {
  breaker: DevtoolsBreaker;
  clockOffsetMs: number;
  clock: Clock;
  onCommand: (command: DevtoolsCommand) => void;
}

const num = { ...styles.td, ...styles.number };

/** One breaker; memoised, and the store keeps an unchanged breaker's object, so quiet rows never re-render. */
export const BreakerRow = memo(function BreakerRow({ breaker: b, clockOffsetMs, clock, onCommand }: BreakerRowProps) {
  // Reset and Isolate ask first; on an isolated breaker the toggle reads Release.
  const [asking, setAsking] = useState<'Reset' | 'Isolate' | 'Release' | null>(null);
  const toggle = b.isolated ? 'Release' : 'Isolate';
  const halfOpenAt = b.state === 'OPEN' && !b.isolated && b.openedAt !== null ? b.openedAt + b.recoveryTimeoutMs : null;
  return (
    <tr data-breaker={b.name}>
      <td style={styles.td}>{b.name}</td>
      <td style={styles.td}>
        <StateBadge state={b.state} isolated={b.isolated} />
      </td>
      <td style={num}>{`${b.failureCount}/${b.failureThreshold}`}</td>
      <td style={num}>{formatPercent(b.successRate)}</td>
      <td style={num}>{formatCount(b.totalRequests)}</td>
      <td style={num}>{formatCount(b.rejectedRequests)}</td>
      <td style={styles.td}>
        {halfOpenAt !== null ? (
          <HalfOpenCountdown key={halfOpenAt} halfOpenAt={halfOpenAt} clockOffsetMs={clockOffsetMs} clock={clock} />
        ) : b.isolated ? (
          'held open'
        ) : (
          '—'
        )}
      </td>
      <td style={styles.td}>{b.lastFailureTime === null ? '—' : formatTime(b.lastFailureTime)}</td>
      <td style={styles.td}>
        {asking ? (
          <ConfirmPrompt
            label={`Confirm ${asking.toLowerCase()} ${b.name}`}
            question={
              asking === 'Isolate' ? `Isolate ${b.name}? It rejects every call until released.` : `${asking} ${b.name}?`
            }
            // Release is what a reset of an isolated breaker is called.
            onConfirm={() =>
              onCommand({ type: asking === 'Isolate' ? 'breaker.isolate' : 'breaker.reset', name: b.name })
            }
            onCancel={() => setAsking(null)}
          />
        ) : (
          <>
            <button
              type="button"
              style={styles.button}
              aria-label={`Reset ${b.name}`}
              onClick={() => setAsking('Reset')}
            >
              Reset
            </button>
            <button
              type="button"
              style={{ ...styles.button, marginLeft: 4 }}
              aria-label={`${toggle} ${b.name}`}
              aria-pressed={b.isolated}
              onClick={() => setAsking(toggle)}
            >
              {toggle}
            </button>
          </>
        )}
      </td>
    </tr>
  );
});
