import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { systemClock, type Clock, type DevtoolsCommand } from '@breakwater/core';
import { FleetStore, type FleetSource, type FleetTarget } from '../state/FleetStore.ts';
import { DevtoolsPanel, type DevtoolsTab } from './DevtoolsPanel.tsx';
import { colours, styles } from './styles.ts';

export interface FleetDevtoolsProps {
  /** The processes, each a source (usually `remoteSource(url, { token })`) with a label until it names itself. */
  sources: readonly FleetSource[];
  /** The panel's clock (countdowns). Default: the system clock. */
  clock?: Clock;
  style?: CSSProperties;
}

/**
 * The panel over a fleet: every process's breakers, errors and transitions in one view, each named by its
 * process (`bot-1 / kraken-api`), with a picker to look at one process alone. Embedded (fills its container).
 */
export function FleetDevtools({ sources, clock: givenClock, style }: FleetDevtoolsProps) {
  const clock = useMemo(() => givenClock ?? systemClock(), [givenClock]);
  const store = useMemo(() => new FleetStore(sources, { clock }), [sources, clock]);
  useEffect(() => store.connect(), [store]);
  const fleet = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [target, setTarget] = useState<FleetTarget>('all');
  const [tab, setTab] = useState<DevtoolsTab>('breakers');
  const selected = target === 'all' ? fleet.all.state : (fleet.processes[target]?.state ?? fleet.all.state);

  const onCommand = useCallback((command: DevtoolsCommand) => store.command(target, command), [store, target]);
  const onDismiss = useCallback(() => store.clearCommandFailures(), [store]);

  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: '100%',
        width: '100%',
        background: colours.background,
        ...style,
      }}
    >
      <div style={{ ...styles.toolbar, padding: '4px 8px', margin: 0, font: styles.panel.font, color: colours.text }}>
        <label>
          {'Process '}
          <select
            aria-label="Process"
            style={styles.input}
            value={String(target)}
            onChange={(e) => setTarget(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">{`All processes (${fleet.processes.length})`}</option>
            {fleet.processes.map((p, i) => (
              <option key={i} value={i}>{`${p.process} — ${p.state.connection.state}`}</option>
            ))}
          </select>
        </label>
        <span data-testid="fleet-processes" style={styles.muted}>
          {fleet.processes.map((p) => p.process).join(', ')}
        </span>
      </div>
      <DevtoolsPanel
        state={selected}
        clock={clock}
        onCommand={onCommand}
        onDismissCommandFailure={onDismiss}
        tab={tab}
        onTab={setTab}
        style={{ flex: 1, minHeight: 0, width: '100%' }}
      />
    </div>
  );
}
