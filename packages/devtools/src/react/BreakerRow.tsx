import { memo } from 'react';
import type { Clock, DevtoolsBreaker, DevtoolsCommand } from '@breakwater/core';
import { ConfirmButton } from './ConfirmButton.tsx';
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
        <ConfirmButton
          label="Reset"
          target={b.name}
          question={`Reset ${b.name}?`}
          onConfirm={() => onCommand({ type: 'breaker.reset', name: b.name })}
        />
        {/* Isolate ↔ Release: releasing an isolated breaker is a reset. */}
        <ConfirmButton
          label={b.isolated ? 'Release' : 'Isolate'}
          target={b.name}
          pressed={b.isolated}
          question={b.isolated ? `Release ${b.name}?` : `Isolate ${b.name}? It rejects every call until released.`}
          onConfirm={() => onCommand({ type: b.isolated ? 'breaker.reset' : 'breaker.isolate', name: b.name })}
          style={{ marginLeft: 4 }}
        />
      </td>
    </tr>
  );
});
