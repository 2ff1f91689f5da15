import type { Clock, DevtoolsCommand } from '@breakwater/core';
import type { CSSProperties } from 'react';
import type { DevtoolsState } from '../state/DevtoolsState.ts';
import { BreakersView } from './BreakersView.tsx';
import { ChaosSwitches } from './ChaosSwitches.tsx';
import { ChartsView } from './ChartsView.tsx';
import { formatCount } from './format.ts';
import { HistoryView } from './HistoryView.tsx';
import { isUnconnected, NotConnected } from './NotConnected.tsx';
import { StatsView } from './StatsView.tsx';
import { StatusBar } from './StatusBar.tsx';
import { styles } from './styles.ts';
import { TimelineView } from './TimelineView.tsx';

export type DevtoolsTab = 'breakers' | 'stats' | 'history' | 'timeline' | 'charts';

export interface DevtoolsPanelProps {
  state: DevtoolsState;
  clock: Clock;
  onCommand: (command: DevtoolsCommand) => void;
  onDismissCommandFailure: () => void;
  tab: DevtoolsTab;
  onTab: (tab: DevtoolsTab) => void;
  /** Shows a close button (the floating panel). */
  onClose?: () => void;
  style?: CSSProperties;
}

/**
 * The panel itself: tabs, the selected view and the status bar. Each view gets only the parts of the state
 * it shows, and is memoised: a batch that touched only the history re-renders only the history.
 */
export function DevtoolsPanel({
  state,
  clock,
  onCommand,
  onDismissCommandFailure,
  tab,
  onTab,
  onClose,
  style,
}: DevtoolsPanelProps) {
  const tabs: Array<[DevtoolsTab, string]> = [
    ['breakers', `Breakers (${formatCount(state.breakers.size)})`],
    ['stats', 'Stats'],
    ['history', `History (${formatCount(state.history.length)})`],
    ['timeline', `Timeline (${formatCount(state.transitions.length)})`],
    ['charts', 'Charts'],
  ];
  return (
    <section aria-label="Breakwater devtools" style={{ ...styles.panel, ...style }}>
      <header style={styles.header}>
        <span style={styles.title}>Breakwater</span>
        <div role="tablist" aria-label="Views" style={{ display: 'flex', flex: 1 }}>
          {tabs.map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`bw-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`bw-tabpanel-${id}`}
              style={tab === id ? { ...styles.tab, ...styles.tabSelected } : styles.tab}
              onClick={() => onTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {onClose && (
          <button type="button" style={styles.button} aria-label="Close Breakwater devtools" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      <div role="tabpanel" id={`bw-tabpanel-${tab}`} aria-labelledby={`bw-tab-${tab}`} style={styles.body}>
        {tab === 'breakers' && state.breakers.size === 0 && isUnconnected(state) && (
          <NotConnected connection={state.connection} />
        )}
        {tab === 'breakers' && !(state.breakers.size === 0 && isUnconnected(state)) && (
          <BreakersView
            breakers={state.breakers}
            clockOffsetMs={state.clockOffsetMs}
            clock={clock}
            onCommand={onCommand}
          />
        )}
        {tab === 'stats' && (
          <>
            <StatsView
              stats={state.stats}
              errorRate={state.errorRate}
              mode={state.mode}
              modeHeld={state.modeHeld}
              onCommand={onCommand}
            />
            <ChaosSwitches chaos={state.chaos} onCommand={onCommand} />
          </>
        )}
        {tab === 'history' && state.history.length === 0 && isUnconnected(state) && (
          <NotConnected connection={state.connection} />
        )}
        {tab === 'history' && !(state.history.length === 0 && isUnconnected(state)) && (
          <HistoryView history={state.history} />
        )}
        {tab === 'timeline' && (
          <TimelineView transitions={state.transitions} clockOffsetMs={state.clockOffsetMs} clock={clock} />
        )}
        {tab === 'charts' && (
          <ChartsView
            breakers={state.breakers}
            breakerSeries={state.breakerSeries}
            errorsByCategory={state.errorsByCategory}
            transitions={state.transitions}
            modes={state.modes}
            clockOffsetMs={state.clockOffsetMs}
            clock={clock}
          />
        )}
      </div>
      <StatusBar
        connection={state.connection}
        mode={state.mode}
        seq={state.seq}
        droppedEvents={state.droppedEvents}
        missedBatches={state.missedBatches}
        protocolErrors={state.protocolErrors}
        protocolErrorCount={state.protocolErrorCount}
        commandFailure={state.commandFailure}
        onDismissCommandFailure={onDismissCommandFailure}
      />
    </section>
  );
}
