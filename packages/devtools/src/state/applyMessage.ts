import type { BreakerStateEvent, DevtoolsBatch, DevtoolsSnapshot, ErrorOutcome, ErrorRecord } from '@breakwater/core';
import { addRatePoint } from './addRatePoint.ts';
import { addBreakerSamples, addCategorySample, addModeMarks } from './chartSamples.ts';
import type { DevtoolsLimits, DevtoolsState } from './DevtoolsState.ts';
import { equalPlain } from './equalPlain.ts';
import { mergeBreakers } from './mergeBreakers.ts';
import { mergeTransitions } from './mergeTransitions.ts';
import { prependBounded } from './prependBounded.ts';

/**
 * Skew below this is latency jitter: the offset is left alone so the state (and the countdowns built on
 * it) does not change with every message.
 */
const OFFSET_TOLERANCE_MS = 1000;

function keep<T>(previous: T, next: T): T {
  return equalPlain(previous, next) ? previous : next;
}

/**
 * The whole picture replaces what the panel knew; the transitions it saw stay, joined by those the snapshot
 * carries (the producer's recent ones, restored from its store after a restart).
 */
export function applySnapshot(
  state: DevtoolsState,
  snapshot: DevtoolsSnapshot,
  now: number,
  limits: DevtoolsLimits,
): DevtoolsState {
  const history: ErrorRecord[] = [];
  for (let i = snapshot.history.length - 1; i >= 0 && history.length < limits.history; i--)
    history.push(snapshot.history[i]!);
  const breakers = mergeBreakers(state.breakers, snapshot.breakers, limits.breakers, true);
  return {
    ...state,
    process: snapshot.process ?? null,
    seq: snapshot.seq,
    clockOffsetMs: snapshot.at - now,
    breakers,
    breakerSeries: addBreakerSamples(state, snapshot.breakers, breakers, snapshot.at, limits),
    errorsByCategory: addCategorySample(state.errorsByCategory, state.stats, snapshot.stats, snapshot.at, limits),
    // The snapshot's mode switches draw the live/paper bands of a panel opened after them.
    modes: addModeMarks(state.modes, snapshot.transitions ?? [], snapshot.mode, snapshot.at, limits.modeMarks),
    stats: keep(state.stats, snapshot.stats),
    mode: snapshot.mode,
    modeHeld: snapshot.modeHeld === true,
    config: keep(state.config, snapshot.config),
    chaos: keep(state.chaos, snapshot.chaos ?? []),
    history: equalPlain(state.history, history) ? state.history : history,
    transitions: mergeTransitions(state.transitions, snapshot.transitions, limits.transitions),
    errorRate: addRatePoint(
      state.errorRate,
      { at: snapshot.at, errorRate: snapshot.stats.errorRate },
      limits.rateBucketMs,
      limits.ratePoints,
    ),
  };
}

/**
 * Events since the previous batch. A batch at or before the current `seq` was already applied (a resumed
 * stream may repeat one) and changes nothing; a jump in `seq` counts the batches that never arrived.
 */
export function applyBatch(
  state: DevtoolsState,
  batch: DevtoolsBatch,
  now: number,
  limits: DevtoolsLimits,
): DevtoolsState {
  if (state.seq !== null && batch.seq <= state.seq) return state;
  // Walk backwards: the newest events are the ones kept, and a burst is cut off at the limits.
  const errors: ErrorRecord[] = [];
  const transitions: BreakerStateEvent[] = [];
  // Outcomes come after their error (walking backwards: before it); those of errors from earlier batches stay here.
  const settled = new Map<string, ErrorOutcome>();
  const events = batch.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'error.settled') {
      settled.set(event.errorId, event.outcome);
    } else if (event.type === 'error.recorded') {
      const outcome = settled.get(event.context.id);
      if (outcome) settled.delete(event.context.id);
      if (errors.length < limits.history) errors.push(outcome ? { ...event.context, outcome } : event.context);
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
    chaos: batch.chaos ? keep(state.chaos, batch.chaos) : state.chaos,
    mode: batch.stats.mode,
    modeHeld: heldAfter(state.modeHeld, events),
    history: prependBounded(
      fresh,
      settled.size > 0 ? withOutcomes(state.history, settled) : state.history,
      limits.history,
    ),
    transitions: prependBounded(transitions, state.transitions, limits.transitions),
    errorRate: addRatePoint(
      state.errorRate,
      { at: batch.at, errorRate: batch.stats.errorRate },
      limits.rateBucketMs,
      limits.ratePoints,
    ),
    droppedEvents: state.droppedEvents + batch.dropped,
    missedBatches:
      state.missedBatches + (state.seq !== null && batch.seq > state.seq + 1 ? batch.seq - state.seq - 1 : 0),
  };
}

/** Whether an operator's paper hold is on after `events` (a switch says so, a release ends it). */
function heldAfter(held: boolean, events: DevtoolsBatch['events']): boolean {
  for (const event of events) {
    if (event.type === 'mode.changed') held = event.held === true;
    else if (event.type === 'mode.released') held = false;
  }
  return held;
}

/** The records whose outcome arrived now, replaced by settled copies; the same array when none is here. */
function withOutcomes(
  history: readonly ErrorRecord[],
  settled: ReadonlyMap<string, ErrorOutcome>,
): readonly ErrorRecord[] {
  let out: ErrorRecord[] | undefined;
  history.forEach((record, i) => {
    const outcome = settled.get(record.id);
    if (!outcome) return;
    out ??= [...history];
    out[i] = { ...record, outcome };
  });
  return out ?? history;
}

function withoutKnown(records: ErrorRecord[], known: readonly ErrorRecord[]): ErrorRecord[] {
  const ids = new Set(known.map((r) => r.id));
  return records.some((r) => ids.has(r.id)) ? records.filter((r) => !ids.has(r.id)) : records;
}
