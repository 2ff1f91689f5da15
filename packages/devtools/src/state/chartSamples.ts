import type { DevtoolsBreaker, ErrorHandlerStats, HandlerEvent, TradingMode } from '@breakwater/core';
import { addSample } from './addSample.ts';
import type { BreakerPoint, CategoryPoint, DevtoolsLimits, DevtoolsState, ModeMark } from './DevtoolsState.ts';

// The chart series, fed from counters rather than events: a batch after drops still adds up, and a breaker's
// calls need no per-call event. What a counter did between two messages lands in the later message's bucket.

/** How far a counter moved; one that went back (the producer restarted) counts from zero. */
const moved = (before: number, after: number) => (after >= before ? after - before : after);

/** Two spans' errors added up (the later point's span wins; callers set it). */
export const mergeCategories = (a: CategoryPoint, b: CategoryPoint): CategoryPoint => {
  const counts: Record<string, number> = { ...a.counts };
  for (const [key, n] of Object.entries(b.counts)) counts[key] = (counts[key] ?? 0) + n;
  return { ...b, counts };
};

const mergeBreakerPoints = (a: BreakerPoint, b: BreakerPoint): BreakerPoint => ({
  ...b,
  calls: a.calls + b.calls,
  failures: a.failures + b.failures,
  rejections: a.rejections + b.rejections,
});

function bucket(at: number, limits: DevtoolsLimits): { at: number; spanMs: number } {
  return { at: Math.floor(at / limits.rateBucketMs) * limits.rateBucketMs, spanMs: limits.rateBucketMs };
}

/** Errors by category since the previous message; nothing before the first stats (no baseline to diff). */
export function addCategorySample(
  series: readonly CategoryPoint[],
  before: ErrorHandlerStats | null,
  after: ErrorHandlerStats,
  at: number,
  limits: DevtoolsLimits,
): readonly CategoryPoint[] {
  if (before === null) return series;
  const counts: Record<string, number> = {};
  const previous: Readonly<Record<string, number>> = before.categoryCounts;
  for (const [key, n] of Object.entries(after.categoryCounts)) counts[key] = moved(previous[key] ?? 0, n);
  return addSample(series, { ...bucket(at, limits), counts }, limits.chartPoints, mergeCategories);
}

/**
 * Each breaker of the message, diffed against what the panel knew of it (a breaker seen for the first time
 * starts its series at zero). Series of breakers no longer tracked are dropped with them.
 */
export function addBreakerSamples(
  state: DevtoolsState,
  incoming: readonly DevtoolsBreaker[],
  tracked: ReadonlyMap<string, DevtoolsBreaker>,
  at: number,
  limits: DevtoolsLimits,
): ReadonlyMap<string, readonly BreakerPoint[]> {
  const current = state.breakerSeries;
  let next: Map<string, readonly BreakerPoint[]> | undefined;
  const span = bucket(at, limits);
  for (const b of incoming) {
    if (!tracked.has(b.name)) continue;
    const old = state.breakers.get(b.name);
    const point: BreakerPoint = {
      ...span,
      calls: old ? moved(old.totalRequests, b.totalRequests) : 0,
      failures: old ? moved(old.failedRequests, b.failedRequests) : 0,
      rejections: old ? moved(old.rejectedRequests, b.rejectedRequests) : 0,
      failureCount: b.failureCount,
      failureThreshold: b.failureThreshold,
      p50: b.latency?.p50 ?? null,
      p95: b.latency?.p95 ?? null,
      p99: b.latency?.p99 ?? null,
    };
    const series = current.get(b.name) ?? [];
    const added = addSample(series, point, limits.chartPoints, mergeBreakerPoints);
    if (added !== series) (next ??= new Map(current)).set(b.name, added);
  }
  for (const name of (next ?? current).keys()) {
    if (!tracked.has(name)) (next ??= new Map(current)).delete(name);
  }
  return next ?? current;
}

/** The mode marks with the message's mode changes (its events first, then the mode it reports). */
export function addModeMarks(
  marks: readonly ModeMark[],
  events: readonly HandlerEvent[],
  mode: TradingMode,
  at: number,
  limit: number,
): readonly ModeMark[] {
  let next = marks;
  const add = (when: number, to: TradingMode) => {
    const last = next[next.length - 1];
    if (last?.mode === to || (last && when < last.at)) return;
    next = [...next.slice(next.length >= limit ? next.length - limit + 1 : 0), { at: when, mode: to }];
  };
  for (const event of events) if (event.type === 'mode.changed') add(event.at, event.to);
  add(at, mode);
  return next;
}
