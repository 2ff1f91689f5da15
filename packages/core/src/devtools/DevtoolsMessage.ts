import type { CircuitBreakerStats } from '../breaker/CircuitBreaker.ts';
import type { LatencyStats } from '../breaker/LatencyHistogram.ts';
import type { ResolvedConfig } from '../handler/defaultConfig.ts';
import type { ErrorHandlerStats } from '../handler/ErrorStats.ts';
import type { HandlerEvent } from '../handler/HandlerEvent.ts';
import type { TradingMode } from '../mode/TradingMode.ts';
import type { ErrorRecord } from '../storage/ErrorRecord.ts';
import type { HistoryEvent } from '../storage/HistoryEvent.ts';

/** Bumped on any change a receiver must know about; receivers refuse other versions with a clear message. */
export const DEVTOOLS_PROTOCOL_VERSION = 1;

/**
 * A breaker as the panel shows it: its stats plus what `stats()` leaves implicit. `latency` is optional on
 * the wire: producers older than it do not send it.
 */
export interface DevtoolsBreaker extends Omit<CircuitBreakerStats, 'latency'> {
  latency?: LatencyStats;
  isolated: boolean;
  /** Until a trial call is let through; null when not OPEN or isolated. */
  retryAfterMs: number | null;
}

/** A setting as plain data (see `summariseConfig`): unset is null, rules go by name. */
type PlainSetting<T> = T extends undefined
  ? null
  : T extends readonly (infer Item)[]
    ? Item extends { name: string }
      ? string[]
      : Item[]
    : T extends object
      ? { [K in keyof T]: T[K] }
      : T;

/**
 * What the handler runs on, as plain data: every setting of the config table, the recovery actions as the
 * handler tries them. `maxRetryAfterMs` came after version 1: optional, producers before it do not send it.
 */
export type DevtoolsConfigSummary = {
  [K in Exclude<keyof ResolvedConfig, 'recoveryActions' | 'maxRetryAfterMs'>]: PlainSetting<ResolvedConfig[K]>;
} & { maxRetryAfterMs?: number; recoveryActions: Array<{ name: string; priority: number }> };

/** A fault-injection policy the panel may switch (`DevtoolsFeed`'s `chaos` option). */
export interface DevtoolsChaos {
  name: string;
  kind: 'fault' | 'latency' | 'outcome';
  /** Share of calls hit while enabled, 0–1. */
  rate: number;
  enabled: boolean;
  /** Calls hit so far. */
  injected: number;
}

/** The whole picture, sent first (and again whenever a receiver cannot resume). */
export interface DevtoolsSnapshot {
  type: 'snapshot';
  version: typeof DEVTOOLS_PROTOCOL_VERSION;
  /**
   * The watched process's name (`bot-1`), when it was given one: a panel watching a fleet labels every breaker
   * and error with it. Optional, so the protocol version did not change: an older panel ignores it.
   */
  process?: string;
  /** The batch sequence number this snapshot is current with: batches after it follow. */
  seq: number;
  at: number;
  breakers: DevtoolsBreaker[];
  stats: ErrorHandlerStats;
  /** The most recent errors, newest last. */
  history: ErrorRecord[];
  mode: TradingMode;
  /** True while an operator's switch to paper trading holds (absent from older producers). */
  modeHeld?: boolean;
  /**
   * Recent breaker transitions and mode switches, oldest first (`handler.recentEvents()`, restored from the
   * store after a restart): a panel that connects after an incident still sees it. Absent from older producers.
   */
  transitions?: HistoryEvent[];
  config: DevtoolsConfigSummary;
  /** The chaos policies the panel may switch, when the feed was given some (optional: version unchanged). */
  chaos?: DevtoolsChaos[];
}

/** Events since the previous batch, coalesced, with the state they changed. */
export interface DevtoolsBatch {
  type: 'batch';
  version: typeof DEVTOOLS_PROTOCOL_VERSION;
  seq: number;
  at: number;
  events: HandlerEvent[];
  /** Events this feed dropped since the previous batch because its queue was full (by count or bytes). */
  dropped: number;
  /**
   * Current stats of every breaker named by an event in this batch; of every breaker when `dropped` > 0 (the
   * dropped events may have moved any of them).
   */
  breakers: DevtoolsBreaker[];
  stats: ErrorHandlerStats;
  /** Every switchable chaos policy now, when the feed has some. */
  chaos?: DevtoolsChaos[];
}

export type DevtoolsMessage = DevtoolsSnapshot | DevtoolsBatch;

/** What a panel may ask of the watched process. */
export type DevtoolsCommand =
  | { type: 'breaker.reset'; name: string }
  | { type: 'breaker.isolate'; name: string }
  /** An operator's switch: to paper is held until released (see `ErrorHandler.setMode`). */
  | { type: 'mode.set'; mode: TradingMode }
  /** Ends the hold of an operator's switch to paper. */
  | { type: 'mode.release' }
  | { type: 'chaos.set'; name: string; enabled: boolean };
