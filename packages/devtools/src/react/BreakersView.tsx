import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { CircuitState, Clock, DevtoolsBreaker, DevtoolsCommand } from '@breakwater/core';
import { BreakerRow } from './BreakerRow.tsx';
import { ShowMore, useShownCount } from './ShowMore.tsx';
import { styles } from './styles.ts';

export interface BreakersViewProps {
  breakers: ReadonlyMap<string, DevtoolsBreaker>;
  clockOffsetMs: number;
  clock: Clock;
  onCommand: (command: DevtoolsCommand) => void;
  /** Rows rendered at first (and added per "show more"). Default 200. */
  pageSize?: number;
}

/** Trouble first: the rows that need attention are at the top however many breakers there are. */
const order: Record<CircuitState, number> = { OPEN: 0, HALF_OPEN: 1, CLOSED: 2 };

const columns = ['Breaker', 'State', 'Failures', 'Success', 'Requests', 'Rejected', 'Half-open', 'Last failure', ''];
const numeric = new Set(['Failures', 'Success', 'Requests', 'Rejected']);

/** Every breaker, one row each, with reset and isolate; filtered by name, capped at `pageSize` rows. */
export const BreakersView = memo(function BreakersView({
  breakers,
  clockOffsetMs,
  clock,
  onCommand,
  pageSize = 200,
}: BreakersViewProps) {
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [shown, showMore] = useShownCount(pageSize);
  const rows = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    const list = [...breakers.values()].filter((b) => needle === '' || b.name.toLowerCase().includes(needle));
    return list.sort((a, b) => order[a.state] - order[b.state] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }, [breakers, deferredFilter]);
  const counts = useMemo(() => {
    const c = { OPEN: 0, HALF_OPEN: 0, CLOSED: 0 };
    for (const b of breakers.values()) c[b.state]++;
    return c;
  }, [breakers]);

  if (breakers.size === 0) return <p style={styles.muted}>No circuit breakers yet.</p>;
  const { OPEN, HALF_OPEN, CLOSED } = counts;
  const summary = `${breakers.size} breakers: ${OPEN} open, ${HALF_OPEN} half-open, ${CLOSED} closed`;
  return (
    <div>
      <div style={styles.toolbar}>
        <input
          style={styles.input}
          type="search"
          placeholder="Filter breakers"
          aria-label="Filter breakers"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span style={styles.muted}>{summary}</span>
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} style={numeric.has(c) ? { ...styles.th, textAlign: 'right' } : styles.th} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((b) => (
            <BreakerRow key={b.name} breaker={b} clockOffsetMs={clockOffsetMs} clock={clock} onCommand={onCommand} />
          ))}
        </tbody>
      </table>
      <ShowMore shown={shown} total={rows.length} onClick={showMore} />
    </div>
  );
});
