import type { BreakerStateEvent, DevtoolsBatch, DevtoolsSnapshot, ErrorRecord } from '@breakwater/core';
import { addRatePoint } from './addRatePoint.ts';
import { addBreakerSamples, addCategorySample, addModeMarks } from './chartSamples.ts';
import type { DevtoolsLimits, DevtoolsState } from './DevtoolsState.ts';
import { equalPlain } from './equalPlain.ts';
import { mergeBreakers } from './mergeBreakers.ts';
import { prependBounded } from './prependBounded.ts';

/**
 * Skew below this is latency jitter: the offset is left alone so the state (and the countdowns built on
 * it) does not change with every message.
 */
const OFFSET_TOLERANCE_MS = 1000;

function keep<T>(previous: T, next: T): T {
  return equalPlain(previous, next) ? previous : next;
}

/** The whole picture replaces what the panel knew; the transitions it saw stay (a snapshot has none). */
export function applySnapshot(state: DevtoolsState, snapshot: DevtoolsSnapshot, now: number, limits: DevtoolsLimits): DevtoolsState {
  const history: ErrorRecord[] = [];
  for (let i = snapshot.history.length - 1; i >= 0 && history.length < limits.history; i--) history.push(snapshot.history[i]!);
  const breakers = mergeBreakers(state.breakers, snapshot.breakers, limits.breakers, true);
  return {
    ...state,
    seq: snapshot.seq,
    clockOffsetMs: snapshot.at - now,
    breakers,
    breakerSeries: addBreakerSamples(state, snapshot.breakers, breakers, snapshot.at, limits),
    errorsByCategory: addCategorySample(state.errorsByCategory, state.stats, snapshot.stats, snapshot.at, limits),
    modes: addModeMarks(state.modes, [], snapshot.mode, snapshot.at, limits.modeMarks),
    stats: keep(state.stats, snapshot.stats),
    mode: snapshot.mode,
    config: keep(state.config, snapshot.config),
    history: equalPlain(state.history, history) ? state.history : history,
    errorRate: addRatePoint(state.errorRate, { at: snapshot.at, errorRate: snapshot.stats.errorRate }, limits.rateBucketMs, limits.ratePoints),
  };
}

/**
 * Events since the previous batch. A batch at or before the current `seq` was already applied (a resumed
 * stream may repeat one) and changes nothing; a jump in `seq` counts the batches that never arrived.
 */
export function applyBatch(state: DevtoolsState, batch: DevtoolsBatch, now: number, limits: DevtoolsLimits): DevtoolsState {
  if (state.seq !== null && batch.seq <= state.seq) return state;
  // Walk backwards: the newest events are the ones kept, and a burst is cut off at the limits.
  const errors: ErrorRecord[] = [];
  const transitions: BreakerStateEvent[] = [];
  const events = batch.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'error.recorded') {
      if (errors.length < limits.history) errors.push(event.context);
    } else if (event.type === 'breaker.state') {
      if (transitions.length < limits.transitions) transitions.push(event);
    }
    if (errors.length >= limits.history && transitions.length >= limits.transitions) break;
  }
  // A stream that overlaps its snapshot (a producer that snapshots after subscribing) repeats records.
  const fresh = errors.length > 0 && state.history.length > 0 ? withoutKnown(errors, state.history) : errors;
  const offset = batch.at - now;
  const breakers = mergeBreakers(state.breakers, batch.breakers, limits.breakers, false);
  return {
    ...state,
    seq: batch.seq,
    clockOffsetMs: Math.abs(offset - state.clockOffsetMs) > OFFSET_TOLERANCE_MS ? offset : state.clockOffsetMs,
    breakers,
    breakerSeries: addBreakerSamples(state, batch.breakers, breakers, batch.at, limits),
    errorsByCategory: addCategorySample(state.errorsByCategory, state.stats, batch.stats, batch.at, limits),
    modes: addModeMarks(state.modes, batch.events, batch.stats.mode, batch.at, limits.modeMarks),
    stats: keep(state.stats, batch.stats),
    mode: batch.stats.mode,
    history: prependBounded(fresh, state.history, limits.history),
    transitions: prependBounded(transitions, state.transitions, limits.transitions),
    errorRate: addRatePoint(state.errorRate, { at: batch.at, errorRate: batch.stats.errorRate }, limits.rateBucketMs, limits.ratePoints),
    droppedEvents: state.droppedEvents + batch.dropped,
    missedBatches: state.missedBatches + (state.seq !== null && batch.seq > state.seq + 1 ? batch.seq - state.seq - 1 : 0),
  };
}

function withoutKnown(records: ErrorRecord[], known: readonly ErrorRecord[]): ErrorRecord[] {
  const ids = new Set(known.map((r) => r.id));
  return records.some((r) => ids.has(r.id)) ? records.filter((r) => !ids.has(r.id)) : records;
}
