import type {
  BreakerStateEvent,
  DevtoolsBreaker,
  DevtoolsChaos,
  DevtoolsCommand,
  DevtoolsConfigSummary,
  ErrorHandlerStats,
  ErrorRecord,
  TradingMode,
} from '@breakwater/core';

/**
 * Where a source's connection stands. `reconnecting`: lost, and trying again by itself. `rejected`: the server
 * refused the token; nothing is retried (the same token would be refused again).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'rejected';

export interface Connection {
  state: ConnectionState;
  /** What the source said about it (`retrying in 4 s`), or null. */
  detail: string | null;
  /** Panel time the state was entered. */
  since: number;
}

/** A message that failed validation (or was not JSON), as shown in the panel. */
export interface ProtocolProblem {
  /** Panel time it arrived. */
  at: number;
  /** `Invalid devtools message: seq: Invalid input: expected number, received string` */
  message: string;
}

/** A command the watched process refused or could not be sent. */
export interface CommandFailure {
  at: number;
  command: DevtoolsCommand;
  message: string;
}

/** One point of the error-rate chart: errors in the minute before `at` (producer time). */
export interface RatePoint {
  at: number;
  errorRate: number;
}

/** How much the panel remembers; everything it holds is bounded by these. */
export interface DevtoolsLimits {
  /** Most recent errors kept (newest first). */
  history: number;
  /** Most recent breaker transitions kept (newest first). */
  transitions: number;
  /** Points of the error-rate series (one per `rateBucketMs`). */
  ratePoints: number;
  /** Width of one error-rate point: messages within it update the same point. */
  rateBucketMs: number;
  /** Validation failures kept (the total is counted separately). */
  protocolErrors: number;
  /** Breakers tracked; past it the one updated least recently is forgotten. */
  breakers: number;
}

export const DEFAULT_LIMITS: Readonly<DevtoolsLimits> = Object.freeze({
  history: 500,
  transitions: 200,
  ratePoints: 120,
  rateBucketMs: 1000,
  protocolErrors: 5,
  breakers: 1000,
});

/**
 * Everything the panel shows, immutable: a new message makes a new state that shares every part it did not
 * change, so views memoised on a part re-render only when that part moved.
 */
export interface DevtoolsState {
  connection: Connection;
  /** The watched process's name, from its last snapshot (`bot-1`); null when it gave none. */
  process: string | null;
  /** Sequence number of the last message applied; null before the first one. */
  seq: number | null;
  /** Producer time minus panel time when messages arrive: turns producer timestamps into countdowns. */
  clockOffsetMs: number;
  /** By name, least recently updated first. */
  breakers: ReadonlyMap<string, DevtoolsBreaker>;
  stats: ErrorHandlerStats | null;
  mode: TradingMode | null;
  config: DevtoolsConfigSummary | null;
  /** Newest first. */
  history: readonly ErrorRecord[];
  /** Oldest first. */
  errorRate: readonly RatePoint[];
  /** Newest first. */
  transitions: readonly BreakerStateEvent[];
  /** Newest first. */
  protocolErrors: readonly ProtocolProblem[];
  protocolErrorCount: number;
  /** Events the producer dropped under load (reported in batches). */
  droppedEvents: number;
  /** Batches never received (a jump in `seq` that no snapshot covered). */
  missedBatches: number;
  commandFailure: CommandFailure | null;
  /** Chaos policies the panel may switch; empty when the process offers none. */
  chaos: readonly DevtoolsChaos[];
}

export function initialState(now: number): DevtoolsState {
  return {
    connection: { state: 'connecting', detail: null, since: now },
    process: null,
    seq: null,
    clockOffsetMs: 0,
    breakers: new Map(),
    stats: null,
    mode: null,
    config: null,
    history: [],
    errorRate: [],
    transitions: [],
    protocolErrors: [],
    protocolErrorCount: 0,
    droppedEvents: 0,
    missedBatches: 0,
    commandFailure: null,
    chaos: [],
  };
}
