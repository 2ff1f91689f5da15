import { memo } from 'react';
import { formatCount, formatTime } from './format.ts';
import type { RepeatGroup } from './groupRepeats.ts';
import { HistoryRow, historyRowStyles, severityColours } from './HistoryRow.tsx';
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
export const HistoryGroupRow = memo(function HistoryGroupRow({ group, expanded, onToggle, expandedRecord, onToggleRecord }: HistoryGroupRowProps) {
  const newest = group.records[0]!;
  const oldest = group.records[group.records.length - 1]!;
  const { cell, rowButton } = historyRowStyles;
  return (
    <li data-group={group.fingerprint} style={{ borderBottom: `1px solid ${colours.border}` }}>
      <button type="button" aria-expanded={expanded} onClick={() => onToggle(group.fingerprint)} style={rowButton}>
        <span style={{ ...styles.muted, flex: 'none' }}>{formatTime(newest.timestamp)}</span>
        <span style={{ ...cell(64), color: severityColours[newest.severity] }}>{newest.severity}</span>
        <span style={cell(72)}>{newest.category}</span>
        <span style={cell(96)}>{newest.component}</span>
        <span style={{ ...cell(128), ...styles.muted }}>{newest.operation}</span>
        <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{`${newest.name}: ${newest.message}`}</span>
        <span style={{ flex: 'none', fontWeight: 700, color: colours.accent }}>{`×${formatCount(group.records.length)}`}</span>
        <span style={{ ...styles.muted, flex: 'none' }}>{`first ${formatTime(oldest.timestamp)}`}</span>
      </button>
      {expanded && (
        <ul style={{ listStyle: 'none', margin: 0, padding: '0 0 0 24px' }} aria-label={`Occurrences of ${newest.name}: ${newest.message}`}>
          {group.records.map((r) => (
            <HistoryRow key={r.id} record={r} expanded={expandedRecord === r.id} onToggle={onToggleRecord} />
          ))}
        </ul>
      )}
    </li>
  );
});
