import type { DevtoolsBreaker, ErrorHandlerStats, TradingMode } from '@breakwater/core';
import { mergeCategories } from './chartSamples.ts';
import type {
  CategoryPoint,
  ConnectionState,
  DevtoolsLimits,
  DevtoolsState,
  ModeMark,
  RatePoint,
} from './DevtoolsState.ts';
import { equalPlain } from './equalPlain.ts';

/** One watched process of a fleet: its name (unique in the fleet) and what its own store knows. */
export interface FleetMember {
  process: string;
  state: DevtoolsState;
}

/** A merged breaker's owner: which member, and the name that process knows it by (commands go there). */
export interface FleetBreakerOwner {
  member: number;
  name: string;
}

export interface MergedFleet {
  state: DevtoolsState;
  breakerOwners: ReadonlyMap<string, FleetBreakerOwner>;
}

/** How an entry of one process is named in the fleet view: `bot-1 / kraken-api`. */
export function qualify(process: string, name: string): string {
  return `${process} / ${name}`;
}

/** Worst first: the fleet's connection is its least healthy member's. */
const connectionRank: Record<ConnectionState, number> = {
  rejected: 0,
  closed: 1,
  reconnecting: 2,
  connecting: 3,
  open: 4,
};

/**
 * Every member's state as one panel state: breakers, errors (by component), transitions and counters named by
 * process (`bot-1 / kraken-api`), lists merged newest first within `limits`, counts summed. The fleet has no
 * one sequence number (`seq` null); countdowns use the first member's clock offset (a fleet's hosts share a
 * clock: NTP, as the shared rate limit already assumes).
 */
export function mergeFleet(members: readonly FleetMember[], limits: DevtoolsLimits, now: number): MergedFleet {
  const breakers = new Map<string, DevtoolsBreaker>();
  const breakerOwners = new Map<string, FleetBreakerOwner>();
  members.forEach(({ process, state }, member) => {
    for (const [name, breaker] of state.breakers) {
      const key = qualify(process, name);
      breakers.set(key, { ...breaker, name: key });
      breakerOwners.set(key, { member, name });
    }
  });
  const newestFirst = <T>(lists: T[][], at: (item: T) => number, limit: number): T[] =>
    lists
      .flat()
      .sort((a, b) => at(b) - at(a))
      .slice(0, limit);

  const history = newestFirst(
    members.map(({ process, state }) => state.history.map((r) => ({ ...r, component: qualify(process, r.component) }))),
    (r) => r.timestamp,
    limits.history,
  );
  const transitions = newestFirst(
    members.map(({ process, state }) => state.transitions.map((t) => ({ ...t, name: qualify(process, t.name) }))),
    (t) => t.at,
    limits.transitions,
  );
  const protocolErrors = newestFirst(
    members.map(({ process, state }) =>
      state.protocolErrors.map((p) => ({ ...p, message: `${process}: ${p.message}` })),
    ),
    (p) => p.at,
    limits.protocolErrors,
  );
  const failures = members.flatMap(({ process, state }) =>
    state.commandFailure ? [{ ...state.commandFailure, message: `${process}: ${state.commandFailure.message}` }] : [],
  );
  const modes = new Set(members.map((m) => m.state.mode));
  const configs = members.map((m) => m.state.config);
  const sum = (part: (state: DevtoolsState) => number) => members.reduce((total, m) => total + part(m.state), 0);

  const state: DevtoolsState = {
    connection: fleetConnection(members, now),
    process: null,
    seq: null,
    clockOffsetMs: members[0]?.state.clockOffsetMs ?? 0,
    breakers,
    stats: mergeStats(members),
    mode: modes.size === 1 ? [...modes][0]! : null,
    modeHeld: members.some((m) => m.state.modeHeld),
    config: configs.length > 0 && configs.every((c) => equalPlain(c, configs[0])) ? configs[0]! : null,
    history,
    errorRate: sumRates(members, limits),
    transitions,
    protocolErrors,
    protocolErrorCount: sum((s) => s.protocolErrorCount),
    droppedEvents: sum((s) => s.droppedEvents),
    missedBatches: sum((s) => s.missedBatches),
    commandFailure: failures.sort((a, b) => b.at - a.at)[0] ?? null,
    chaos: mergeChaos(members),
    errorsByCategory: sumCategoryPoints(members, limits),
    breakerSeries: new Map(
      members.flatMap(({ process, state }) =>
        [...state.breakerSeries].map(([name, series]) => [qualify(process, name), series] as const),
      ),
    ),
    modes: fleetModes(members),
  };
  return { state, breakerOwners };
}

/**
 * Every member's errors per category as one series: points of the same span (members bucket alike) add up; a
 * point starting inside the previous one's span (an older, coarser point) is folded into it. Oldest first.
 */
function sumCategoryPoints(members: readonly FleetMember[], limits: DevtoolsLimits): CategoryPoint[] {
  const all = members.flatMap((m) => m.state.errorsByCategory).sort((a, b) => a.at - b.at);
  const out: CategoryPoint[] = [];
  for (const point of all) {
    const last = out[out.length - 1];
    if (last && point.at < last.at + last.spanMs)
      out[out.length - 1] = { ...mergeCategories(last, point), at: last.at, spanMs: last.spanMs };
    else out.push(point);
  }
  return out.slice(-limits.chartPoints);
}

/** The fleet's mode over time, as the merged stats say it now: paper while any process trades on paper. */
function fleetModes(members: readonly FleetMember[]): ModeMark[] {
  const marks = members
    .flatMap((m, member) => m.state.modes.map((mark) => ({ ...mark, member })))
    .sort((a, b) => a.at - b.at);
  const current = new Map<number, TradingMode>();
  const out: ModeMark[] = [];
  for (const { at, mode, member } of marks) {
    current.set(member, mode);
    const fleet: TradingMode = [...current.values()].includes('paper') ? 'paper' : 'live';
    if (out[out.length - 1]?.mode !== fleet) out.push({ at, mode: fleet });
  }
  return out;
}

/** Chaos policies by name across the fleet (a switch goes to every process): on where every process has it on. */
function mergeChaos(members: readonly FleetMember[]): DevtoolsState['chaos'] {
  const byName = new Map<string, DevtoolsState['chaos'][number]>();
  for (const { state } of members) {
    for (const policy of state.chaos) {
      const seen = byName.get(policy.name);
      byName.set(
        policy.name,
        seen
          ? { ...seen, enabled: seen.enabled && policy.enabled, injected: seen.injected + policy.injected }
          : { ...policy },
      );
    }
  }
  return [...byName.values()];
}

function fleetConnection(members: readonly FleetMember[], now: number): DevtoolsState['connection'] {
  let worst: FleetMember | undefined;
  for (const m of members) {
    if (worst === undefined || connectionRank[m.state.connection.state] < connectionRank[worst.state.connection.state])
      worst = m;
  }
  if (worst === undefined) return { state: 'closed', detail: 'no processes', since: now };
  const { state, detail, since } = worst.state.connection;
  const open = members.filter((m) => m.state.connection.state === 'open').length;
  if (state === 'open') return { state, detail: `${open} processes`, since };
  return { state, detail: `${worst.process}: ${detail ?? state} (${open} of ${members.length} open)`, since };
}

/** Counters summed; per-key maps named by process where the key is the process's own (components, breakers). */
function mergeStats(members: readonly FleetMember[]): ErrorHandlerStats | null {
  const present = members.filter(
    (m): m is FleetMember & { state: { stats: ErrorHandlerStats } } => m.state.stats !== null,
  );
  if (present.length === 0) return null;
  const first = present[0]!.state.stats;
  const merged: ErrorHandlerStats = {
    totalErrors: 0,
    errorCounts: {},
    categoryCounts: { ...first.categoryCounts },
    severityCounts: { ...first.severityCounts },
    recoveryStats: {},
    circuitBreakerStates: {},
    errorRate: 0,
    topFingerprints: [],
    mode: present.some((m) => m.state.stats.mode === 'paper') ? 'paper' : 'live',
    storage: null,
  };
  present.forEach(({ process, state: { stats } }, i) => {
    merged.totalErrors += stats.totalErrors;
    merged.errorRate += stats.errorRate;
    for (const [component, n] of Object.entries(stats.errorCounts)) merged.errorCounts[qualify(process, component)] = n;
    for (const [name, s] of Object.entries(stats.circuitBreakerStates))
      merged.circuitBreakerStates[qualify(process, name)] = s;
    if (i > 0) {
      for (const key of Object.keys(stats.categoryCounts) as Array<keyof typeof stats.categoryCounts>)
        merged.categoryCounts[key] += stats.categoryCounts[key];
      for (const key of Object.keys(stats.severityCounts) as Array<keyof typeof stats.severityCounts>)
        merged.severityCounts[key] += stats.severityCounts[key];
    }
    for (const [action, r] of Object.entries(stats.recoveryStats)) {
      const into = (merged.recoveryStats[action] ??= { success: 0, failure: 0 });
      into.success += r.success;
      into.failure += r.failure;
    }
    merged.topFingerprints.push(
      ...stats.topFingerprints.map((f) => ({ ...f, operation: qualify(process, f.operation) })),
    );
  });
  // As many as one handler reports.
  merged.topFingerprints = merged.topFingerprints.sort((a, b) => b.count - a.count).slice(0, 10);
  return merged;
}

/**
 * The fleet's error rate per `rateBucketMs`: each member's rate in that bucket, or its last one before it (a
 * process that sent nothing new is as busy as it was), summed.
 */
function sumRates(members: readonly FleetMember[], limits: DevtoolsLimits): RatePoint[] {
  const bucketOf = (at: number) => Math.floor(at / limits.rateBucketMs);
  const buckets = new Map<number, number>(); // bucket → its latest `at`
  for (const m of members)
    for (const p of m.state.errorRate) buckets.set(bucketOf(p.at), Math.max(buckets.get(bucketOf(p.at)) ?? p.at, p.at));
  const points: RatePoint[] = [];
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    let errorRate = 0;
    for (const m of members) {
      let value: number | undefined;
      for (const p of m.state.errorRate) if (bucketOf(p.at) <= bucket) value = p.errorRate;
      errorRate += value ?? 0;
    }
    points.push({ at: buckets.get(bucket)!, errorRate });
  }
  return points.slice(-limits.ratePoints);
}
