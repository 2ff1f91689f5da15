import type { Clock, Random } from '@breakwater/core';
import type { Endpoint } from '../api/Endpoint.ts';
import { phaseFaults } from '../scenario/parseScenario.ts';
import { ScenarioError } from '../scenario/ScenarioError.ts';
import { describeValue, faultMixSchema, type FaultMixInput, type Scenario } from '../scenario/scenarioSchema.ts';
import type { ActiveFault, TerminalFault } from './ActiveFault.ts';
import { activeFault, compileFaults, type CompiledFaults } from './compileFaults.ts';
import { FAULT_ENDPOINTS, isFaultKind, type FaultKind } from './FaultKind.ts';

/** What happens to one request. */
export interface FaultDecision {
  /** Extra delay before anything else happens (0: none). */
  latencyMs: number;
  /** The fault that decides the request's fate; undefined: it is served normally. */
  fault: TerminalFault | undefined;
}

/** Settings of a forced outage, over the scenario's own for that kind (e.g. `{ retryAfterS: 5 }`). */
export type OutageSettings<K extends FaultKind> = Omit<
  Exclude<FaultMixInput[K], number | undefined>,
  'probability' | 'endpoints'
>;

const MAINTENANCE_WINDOW = activeFault('maintenance', { probability: 1 });

/**
 * Decides each request's faults from the scenario in force and a seeded random source. Every decision takes
 * exactly three numbers from it, whatever the mix, so a seed replays the same fault sequence for the same
 * sequence of requests and clock readings. Precedence: a forced outage, then a scripted maintenance window,
 * then the roll over the current phase's faults. Time is measured from the scenario's start (`setScenario`).
 */
export class FaultPlan {
  readonly #clock: Clock;
  readonly #random: Random;
  #scenario!: Scenario;
  #compiled!: CompiledFaults[];
  #startedAt = 0;
  #cycleMs = 0;
  #outage: ActiveFault | undefined;

  constructor(scenario: Scenario, clock: Clock, random: Random) {
    this.#clock = clock;
    this.#random = random;
    this.setScenario(scenario);
  }

  get scenario(): Scenario {
    return this.#scenario;
  }

  get outage(): FaultKind | null {
    return this.#outage?.kind ?? null;
  }

  /** Takes a checked scenario (see `parseScenario`); its phases and windows start now. */
  setScenario(scenario: Scenario): void {
    const phases = scenario.phases ?? [];
    this.#scenario = scenario;
    this.#compiled =
      phases.length === 0
        ? [compileFaults(scenario.faults)]
        : phases.map((_, i) => compileFaults(phaseFaults(scenario, i)));
    this.#cycleMs = phases.reduce((total, p) => total + p.durationMs, 0);
    this.#startedAt = this.#clock.now();
  }

  /** Forces one kind on every request it can strike until `setOutage(null)`; `latency` delays them all. */
  setOutage<K extends FaultKind>(kind: K | null, settings?: OutageSettings<K>): void {
    if (kind === null) {
      this.#outage = undefined;
      return;
    }
    if (!isFaultKind(kind))
      throw new RangeError(`setOutage: kind must be a fault kind or null, got ${describeValue(kind)}`);
    const own = this.#scenario.faults?.[kind] as object | undefined;
    const parsed = faultMixSchema.shape[kind].safeParse({ ...own, ...settings, probability: 1, endpoints: undefined });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: [kind, ...i.path].join('.'), message: i.message }));
      throw new ScenarioError(issues, 'setOutage');
    }
    this.#outage = activeFault(kind, parsed.data as never) as ActiveFault;
  }

  /** The phase in force (index and name), or undefined for a scenario without phases. */
  phase(now = this.#clock.now()): { index: number; name: string } | undefined {
    const phases = this.#scenario.phases ?? [];
    if (phases.length === 0) return undefined;
    const elapsed = Math.max(0, now - this.#startedAt);
    if (!this.#scenario.loop && elapsed >= this.#cycleMs)
      return { index: phases.length - 1, name: phases[phases.length - 1]!.name };
    let t = elapsed % this.#cycleMs;
    for (let index = 0; index < phases.length; index++) {
      const phase = phases[index]!;
      if (t < phase.durationMs) return { index, name: phase.name };
      t -= phase.durationMs;
    }
    return { index: phases.length - 1, name: phases[phases.length - 1]!.name };
  }

  /** Whether a scripted maintenance window is open: one of the scenario's windows, or a `maintenance: true` phase. */
  inMaintenanceWindow(now = this.#clock.now()): boolean {
    const elapsed = now - this.#startedAt;
    if ((this.#scenario.maintenance ?? []).some((w) => elapsed >= w.from && elapsed < w.from + w.durationMs))
      return true;
    const phase = this.phase(now);
    return phase !== undefined && this.#scenario.phases?.[phase.index]?.maintenance === true;
  }

  decide(endpoint: Endpoint): FaultDecision {
    const [latencyRoll, latencySpread, roll] = [this.#random(), this.#random(), this.#random()];
    const now = this.#clock.now();
    const compiled = this.#compiled[this.phase(now)?.index ?? 0]!;
    const outage = this.#outage;
    const latency = outage?.kind === 'latency' ? outage : compiled.latency;
    let latencyMs = 0;
    if (
      latency !== undefined &&
      latency.endpoints.includes(endpoint) &&
      (latency === outage || latencyRoll < latency.probability)
    ) {
      const { ms, maxMs = ms } = latency;
      latencyMs = Math.round(ms + (maxMs - ms) * latencySpread);
    }
    if (outage !== undefined && outage.kind !== 'latency' && FAULT_ENDPOINTS[outage.kind].includes(endpoint)) {
      return { latencyMs, fault: outage };
    }
    if (this.inMaintenanceWindow(now)) return { latencyMs, fault: MAINTENANCE_WINDOW };
    let threshold = 0;
    for (const fault of compiled.byEndpoint.get(endpoint) ?? []) {
      threshold += fault.probability;
      if (roll < threshold) return { latencyMs, fault };
    }
    return { latencyMs, fault: undefined };
  }
}
