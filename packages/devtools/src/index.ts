// @breakwater/devtools — the devtools panel. Explicit on purpose: nothing is exported by accident. Nothing here
// runs at import (no globals touched, `sideEffects: false`), so an app that never renders the panel ships none
// of it; apps that render it conditionally load it with `React.lazy(() => import('@breakwater/devtools'))`.

export {
  BreakwaterDevtools,
  type BreakwaterDevtoolsProps,
  type DevtoolsTarget,
  type DevtoolsPosition,
} from './react/BreakwaterDevtools.tsx';
export { FleetDevtools, type FleetDevtoolsProps } from './react/FleetDevtools.tsx';
export { DevtoolsPanel, type DevtoolsPanelProps, type DevtoolsTab } from './react/DevtoolsPanel.tsx';
export { BreakersView, type BreakersViewProps } from './react/BreakersView.tsx';
export { StatsView, type StatsViewProps } from './react/StatsView.tsx';
export { HistoryView, type HistoryViewProps } from './react/HistoryView.tsx';
export { TimelineView, type TimelineViewProps } from './react/TimelineView.tsx';
export { ChartsView, type ChartsViewProps } from './react/ChartsView.tsx';
export { ConnectionStatus } from './react/ConnectionStatus.tsx';
export { useDevtoolsState } from './react/useDevtoolsState.ts';
export { useNow, type NextTick } from './react/useNow.ts';

export { DevtoolsStore, type DevtoolsStoreOptions } from './state/DevtoolsStore.ts';
export { FleetStore, type FleetSource, type FleetSnapshot, type FleetTarget } from './state/FleetStore.ts';
export type { FleetMember, FleetBreakerOwner, MergedFleet } from './state/mergeFleet.ts';
export {
  DEFAULT_LIMITS,
  type DevtoolsState,
  type DevtoolsLimits,
  type Connection,
  type ConnectionState,
  type ProtocolProblem,
  type CommandFailure,
  type RatePoint,
  type Span,
  type CategoryPoint,
  type BreakerPoint,
  type ModeMark,
} from './state/DevtoolsState.ts';

export type { DevtoolsSource, MessageListener, StatusListener } from './sources/DevtoolsSource.ts';
export { inPageSource } from './sources/inPageSource.ts';
export { remoteSource, type RemoteSourceOptions, type EventSourceLike } from './sources/remoteSource.ts';
export { broadcastSource, type BroadcastSourceOptions } from './sources/broadcastSource.ts';
export { parsePanelAddress, type PanelProcess } from './sources/parsePanelAddress.ts';
