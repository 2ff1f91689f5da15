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

/** A span of producer time, `[at, at + spanMs)`: chart points widen as they age (see `addSample`). */
export interface Span {
  at: number;
  spanMs: number;
}

/** Errors recorded within the span, by category. */
export interface CategoryPoint extends Span {
  counts: Readonly<Record<string, number>>;
}

/** One breaker within the span: what happened in it (sums), and where it stood at its end (the rest). */
export interface BreakerPoint extends Span {
  calls: number;
  failures: number;
  rejections: number;
  failureCount: number;
  failureThreshold: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** The trading mode from `at` on (producer time). */
export interface ModeMark {
  at: number;
  mode: TradingMode;
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
  /**
   * Points of each chart series (errors by category, each breaker's). One per `rateBucketMs` while fresh;
   * past the limit the older half is merged pairwise, so a series covers all the time watched at a
   * resolution that coarsens with age.
   */
  chartPoints: number;
  /** Mode changes kept (the live/paper bands of the state timeline). */
  modeMarks: number;
}

export const DEFAULT_LIMITS: Readonly<DevtoolsLimits> = Object.freeze({
  history: 500,
  transitions: 200,
  ratePoints: 120,
  rateBucketMs: 1000,
  protocolErrors: 5,
  breakers: 1000,
  chartPoints: 600,
  modeMarks: 200,
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
  /** True while an operator's switch to paper holds (automatic switches back to live are refused). */
  modeHeld: boolean;
  config: DevtoolsConfigSummary | null;
  /** Newest first. */
  history: readonly ErrorRecord[];
  /** Oldest first. */
  errorRate: readonly RatePoint[];
  /** Newest first. */
  transitions: readonly BreakerStateEvent[];
  /** Oldest first: errors per category and point (from the handler's counters, so dropped events still count). */
  errorsByCategory: readonly CategoryPoint[];
  /** Per breaker (the breakers tracked), oldest first: from its counters, the same way. */
  breakerSeries: ReadonlyMap<string, readonly BreakerPoint[]>;
  /** Oldest first. */
  modes: readonly ModeMark[];
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
    modeHeld: false,
    config: null,
    history: [],
    errorRate: [],
    transitions: [],
    errorsByCategory: [],
    breakerSeries: new Map(),
    modes: [],
    protocolErrors: [],
    protocolErrorCount: 0,
    droppedEvents: 0,
    missedBatches: 0,
    commandFailure: null,
    chaos: [],
  };
}
