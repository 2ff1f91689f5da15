import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { ERROR_CATEGORIES, ERROR_SEVERITIES, type ErrorRecord } from '@breakwater/core';
import { formatCount } from './format.ts';
import { groupRepeats } from './groupRepeats.ts';
import { HistoryGroupRow } from './HistoryGroupRow.tsx';
import { HistoryRow } from './HistoryRow.tsx';
import { ShowMore, useShownCount } from './ShowMore.tsx';
import { styles } from './styles.ts';

export interface HistoryViewProps {
  /** Newest first (as the store keeps it). */
  history: readonly ErrorRecord[];
  /** Rows rendered at first (and added per "show more"). Default 200. */
  pageSize?: number;
}

interface Filters {
  component: string;
  category: string;
  severity: string;
  text: string;
}

const noFilters: Filters = { component: '', category: '', severity: '', text: '' };

function matches(r: ErrorRecord, f: Filters, needle: string): boolean {
  if (f.component && r.component !== f.component) return false;
  if (f.category && r.category !== f.category) return false;
  if (f.severity && r.severity !== f.severity) return false;
  if (!needle) return true;
  return [r.message, r.name, r.operation, r.component, r.code ?? '', r.fingerprint].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

/**
 * Recent errors, newest first, filtered; repeats of one error (same fingerprint) grouped unless asked not to; a
 * row opens the full context. Renders at most `pageSize` rows (groups) at once.
 */
export const HistoryView = memo(function HistoryView({ history, pageSize = 200 }: HistoryViewProps) {
  const [filters, setFilters] = useState(noFilters);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [grouped, setGrouped] = useState(true);
  const [expandedGroup, setExpandedGroup] = useState<string | null>(null);
  const [shown, showMore] = useShownCount(pageSize);
  // Typing stays responsive while a new batch re-filters 500 rows behind it.
  const deferred = useDeferredValue(filters);
  const components = useMemo(() => [...new Set(history.map((r) => r.component))].sort(), [history]);
  const rows = useMemo(() => {
    const needle = deferred.text.trim().toLowerCase();
    return history.filter((r) => matches(r, deferred, needle));
  }, [history, deferred]);
  const groups = useMemo(() => (grouped ? groupRepeats(rows) : null), [grouped, rows]);
  const toggle = useCallback((id: string) => setExpanded((current) => (current === id ? null : id)), []);
  const toggleGroup = useCallback(
    (fingerprint: string) => setExpandedGroup((current) => (current === fingerprint ? null : fingerprint)),
    [],
  );
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));
  const select = (key: 'component' | 'category' | 'severity', options: readonly string[]) => (
    <select style={styles.input} aria-label={`Filter by ${key}`} value={filters[key]} onChange={set(key)}>
      <option value="">{`any ${key}`}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );

  return (
    <div>
      <div style={styles.toolbar}>
        {select('component', components)}
        {select('category', ERROR_CATEGORIES)}
        {select('severity', ERROR_SEVERITIES)}
        <input
          style={styles.input}
          type="search"
          placeholder="Search message, code, operation"
          aria-label="Search errors"
          value={filters.text}
          onChange={set('text')}
        />
        <label>
          <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} /> Group repeats
        </label>
        <span style={styles.muted} role="status">
          {rows.length === history.length
            ? `${formatCount(history.length)} errors, newest first`
            : `${formatCount(rows.length)} of ${formatCount(history.length)} errors match`}
        </span>
      </div>
      {rows.length === 0 ? (
        <p style={styles.muted}>{history.length === 0 ? 'No errors recorded.' : 'No error matches these filters.'}</p>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Errors">
          {groups
            ? groups
                .slice(0, shown)
                .map((g) =>
                  g.records.length === 1 ? (
                    <HistoryRow
                      key={g.records[0]!.id}
                      record={g.records[0]!}
                      expanded={expanded === g.records[0]!.id}
                      onToggle={toggle}
                    />
                  ) : (
                    <HistoryGroupRow
                      key={`group:${g.fingerprint}`}
                      group={g}
                      expanded={expandedGroup === g.fingerprint}
                      onToggle={toggleGroup}
                      expandedRecord={expanded}
                      onToggleRecord={toggle}
                    />
                  ),
                )
            : rows
                .slice(0, shown)
                .map((r) => <HistoryRow key={r.id} record={r} expanded={expanded === r.id} onToggle={toggle} />)}
        </ul>
      )}
      <ShowMore shown={shown} total={groups ? groups.length : rows.length} onClick={showMore} />
    </div>
  );
});
