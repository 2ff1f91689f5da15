import { memo } from 'react';
import { formatCount, formatTime } from './format.ts';
import type { RepeatGroup } from './groupRepeats.ts';
import { ErrorSummary, HistoryRow, historyRowStyle, rowButton } from './HistoryRow.tsx';
import { colours, styles } from './styles.ts';

export interface HistoryGroupRowProps {
  group: RepeatGroup;
  expanded: boolean;
  onToggle: (fingerprint: string) => void;
  /** The record opened to its full context, if any. */
  expandedRecord: string | null;
  onToggleRecord: (id: string) => void;
}

/** One error repeated: its newest occurrence, how many, since when; opening it lists each occurrence. */
export const HistoryGroupRow = memo(function HistoryGroupRow({
  group,
  expanded,
  onToggle,
  expandedRecord,
  onToggleRecord,
}: HistoryGroupRowProps) {
  const newest = group.records[0]!;
  return (
    <li data-group={group.fingerprint} style={historyRowStyle}>
      <button type="button" aria-expanded={expanded} onClick={() => onToggle(group.fingerprint)} style={rowButton}>
        <ErrorSummary record={newest} />
        <b style={{ flex: 'none', color: colours.accent }}>{`×${formatCount(group.records.length)}`}</b>
        <span
          style={{ ...styles.muted, flex: 'none' }}
        >{`first ${formatTime(group.records[group.records.length - 1]!.timestamp)}`}</span>
      </button>
      {expanded && (
        <ul style={{ listStyle: 'none', margin: 0, paddingLeft: 24 }}>
          {group.records.map((r) => (
            <HistoryRow key={r.id} record={r} expanded={expandedRecord === r.id} onToggle={onToggleRecord} />
          ))}
        </ul>
      )}
    </li>
  );
});
