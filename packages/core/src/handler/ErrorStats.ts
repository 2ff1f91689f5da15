import type { CircuitState } from '../breaker/BreakerEvent.ts';
import { TimeWindow } from '../breaker/TimeWindow.ts';
import { ErrorCategory, ERROR_CATEGORIES } from '../classify/ErrorCategory.ts';
import { ErrorSeverity, ERROR_SEVERITIES } from '../classify/ErrorSeverity.ts';
import { BoundedCounter } from './BoundedCounter.ts';
import { ErrorHistory } from './ErrorHistory.ts';
import type { ErrorRecord } from '../storage/ErrorRecord.ts';
import type { TradingMode } from '../mode/TradingMode.ts';
import type { HistoryWriterStats } from '../storage/HistoryWriter.ts';

export interface ErrorHandlerStats {
  /** Every error ever handled (not capped by the history size). */
  totalErrors: number;
  /** By component; past `maxTrackedKeys` components, counted under `(other)`, so they sum to `totalErrors`. */
  errorCounts: Record<string, number>;
  categoryCounts: Record<ErrorCategory, number>;
  severityCounts: Record<ErrorSeverity, number>;
  /**
   * By action. `success`: calls it finally rescued (its fallback or paper trading served the caller, its fix
   * held, or the call it retried then succeeded); a scheduled retry alone counts nothing. `failure`: times it
   * failed or threw, and calls it retried that still ended in an error or were rescued by another action.
   */
  recoveryStats: Record<string, { success: number; failure: number }>;
  circuitBreakerStates: Record<string, CircuitState>;
  /** Errors in the last minute. */
  errorRate: number;
  topFingerprints: Array<{ fingerprint: string; count: number; name: string; message: string; operation: string }>;
  mode: TradingMode;
  /** The store writer's counters, when the handler has a store. */
  storage: HistoryWriterStats | null;
}

const RATE_WINDOW_MS = 60_000;
const TOP_FINGERPRINTS = 10;

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * What the handler remembers: a bounded history, all-time counters whose per-key maps are bounded (overflow
 * under `(other)`), the recent error rate and the most frequent failures.
 */
export class ErrorStats {
  readonly #history: ErrorHistory<ErrorRecord>;
  #total = 0;
  readonly #byComponent: BoundedCounter;
  readonly #byFingerprint: BoundedCounter;
  /** One sample per counted fingerprint: bounded with the counter. */
  readonly #samples = new Map<string, { name: string; message: string; operation: string }>();
  readonly #byCategory = zeroCounts(ERROR_CATEGORIES);
  readonly #bySeverity = zeroCounts(ERROR_SEVERITIES);
  readonly #recoveries = new Map<string, { success: number; failure: number }>();
  readonly #rate = new TimeWindow(RATE_WINDOW_MS, 12);

  constructor(historySize: number, maxKeys: number) {
    this.#history = new ErrorHistory<ErrorRecord>(historySize);
    this.#byComponent = new BoundedCounter(maxKeys);
    this.#byFingerprint = new BoundedCounter(maxKeys);
  }

  resize(historySize: number, maxKeys: number): void {
    if (this.#history.capacity !== historySize) this.#history.resize(historySize);
    this.#byComponent.maxKeys = maxKeys;
    this.#byFingerprint.maxKeys = maxKeys;
  }

  /** Counts `record` at `now` (the handler's time, not the context's: an old context must not skew the rate). */
  record(record: ErrorRecord, now: number): void {
    this.#history.push(record);
    this.#total++;
    this.#byComponent.increment(record.component);
    this.#byFingerprint.increment(record.fingerprint);
    if (this.#byFingerprint.get(record.fingerprint) === 1) {
      this.#samples.set(record.fingerprint, {
        name: record.name,
        message: record.message,
        operation: record.operation,
      });
    }
    this.#byCategory[record.category]++;
    this.#bySeverity[record.severity]++;
    this.#rate.add(now, false);
  }

  /** Puts a settled record in place of the one with its id (still in history, unless it rolled out meanwhile). */
  replace(record: ErrorRecord): void {
    this.#history.replace((r) => r.id === record.id, record);
  }

  countRecovery(action: string, success: boolean): void {
    let entry = this.#recoveries.get(action);
    if (!entry) this.#recoveries.set(action, (entry = { success: 0, failure: 0 }));
    if (success) entry.success++;
    else entry.failure++;
  }

  /** Oldest first, newest last. */
  history(): ErrorRecord[] {
    return this.#history.toArray();
  }

  /** Puts records restored from a store back into the history (oldest first); counters start afresh. */
  restoreHistory(records: readonly ErrorRecord[]): void {
    for (const record of records) this.#history.push(record);
  }

  snapshot(
    now: number,
    circuitBreakerStates: Record<string, CircuitState>,
    mode: TradingMode,
    storage: HistoryWriterStats | null,
  ): ErrorHandlerStats {
    return {
      totalErrors: this.#total,
      errorCounts: this.#byComponent.toObject(),
      categoryCounts: { ...this.#byCategory },
      severityCounts: { ...this.#bySeverity },
      recoveryStats: Object.fromEntries([...this.#recoveries].map(([k, v]) => [k, { ...v }])),
      circuitBreakerStates,
      errorRate: this.#rate.total(now),
      topFingerprints: this.#byFingerprint.top(TOP_FINGERPRINTS).map(({ key, count }) => ({
        fingerprint: key,
        count,
        ...this.#samples.get(key)!,
      })),
      mode,
      storage,
    };
  }
}
