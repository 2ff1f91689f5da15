import { memo } from 'react';
import { describeOutcome, type ErrorRecord } from '@breakwater/core';
import { ErrorDetails } from './ErrorDetails.tsx';
import { formatTime } from './format.ts';
import { colours, styles } from './styles.ts';

const severityColours: Record<string, string> = {
  low: colours.muted,
  medium: colours.text,
  high: '#f59e0b',
  critical: colours.danger,
};

/** A fixed-width column, so rows line up without a table (rows are buttons: a whole row opens). */
const cell = (width: number) =>
  ({ flex: 'none', width, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }) as const;
export const rowButton = {
  ...styles.button,
  border: 'none',
  background: 'none',
  width: '100%',
  textAlign: 'left',
  display: 'flex',
  gap: 12,
  padding: '3px 4px',
} as const;
/** Shared with a group's row, so both line up. */
export const historyRowStyle = { borderBottom: `1px solid ${colours.border}` };

export interface HistoryRowProps {
  record: ErrorRecord;
  expanded: boolean;
  onToggle: (id: string) => void;
}

/** An error's line: time, severity, category, component, operation, message (shared with a group's row). */
export function ErrorSummary({ record: r }: { record: ErrorRecord }) {
  return (
    <>
      <span style={{ ...styles.muted, flex: 'none' }}>{formatTime(r.timestamp)}</span>
      <span style={{ ...cell(64), color: severityColours[r.severity] }}>{r.severity}</span>
      <span style={cell(72)}>{r.category}</span>
      <span style={cell(96)}>{r.component}</span>
      <span style={{ ...cell(128), ...styles.muted }}>{r.operation}</span>
      <span
        style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >{`${r.name}: ${r.message}`}</span>
      {/* What finally became of it (absent while recovery runs). */}
      {r.outcome && (
        <span data-outcome={r.outcome.type} style={{ ...styles.muted, flex: 'none', marginLeft: 'auto' }}>
          {describeOutcome(r.outcome)}
        </span>
      )}
    </>
  );
}

/** One recorded error; opening it shows the full context. */
export const HistoryRow = memo(function HistoryRow({ record: r, expanded, onToggle }: HistoryRowProps) {
  return (
    <li data-error={r.id} style={historyRowStyle}>
      <button type="button" aria-expanded={expanded} onClick={() => onToggle(r.id)} style={rowButton}>
        <ErrorSummary record={r} />
      </button>
      {expanded && <ErrorDetails record={r} />}
    </li>
  );
});
