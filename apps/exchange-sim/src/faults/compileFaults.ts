import { ENDPOINTS, expandEndpoints, type Endpoint } from '../api/Endpoint.ts';
import type { FaultMix } from '../scenario/scenarioSchema.ts';
import type { ActiveFault, TerminalFault } from './ActiveFault.ts';
import { FAULT_ENDPOINTS, TERMINAL_FAULT_KINDS, type FaultKind } from './FaultKind.ts';

/** A fault mix ready for per-request rolls: per endpoint, the terminal faults in roll order. */
export interface CompiledFaults {
  latency: ActiveFault<'latency'> | undefined;
  byEndpoint: ReadonlyMap<Endpoint, readonly TerminalFault[]>;
}

export interface FaultProblem {
  /** Below the mix, e.g. `['stale', 'endpoints']`. */
  path: (string | number)[];
  message: string;
}

/** Floating-point slack when probabilities are summed (0.1 + 0.2 + 0.7). */
const EPSILON = 1e-9;

/** `over`'s kinds replace `base`'s, kind by kind (a phase laid over the scenario's own faults). */
export function mergeFaults(base: FaultMix | null | undefined, over: FaultMix | null | undefined): FaultMix {
  return { ...base, ...over };
}

export function activeFault<K extends FaultKind>(kind: K, spec: NonNullable<FaultMix[K]>): ActiveFault<K> {
  const allowed = FAULT_ENDPOINTS[kind];
  // A group may reach endpoints the kind cannot strike (`nonce` on `public`): those are left out.
  const endpoints =
    spec.endpoints === undefined ? allowed : expandEndpoints(spec.endpoints).filter((e) => allowed.includes(e));
  return { ...spec, kind, endpoints } as unknown as ActiveFault<K>;
}

export function compileFaults(mix: FaultMix | null | undefined): CompiledFaults {
  const terminal: TerminalFault[] = [];
  for (const kind of TERMINAL_FAULT_KINDS) {
    const spec = mix?.[kind];
    if (spec !== undefined && spec.probability > 0) terminal.push(activeFault(kind, spec) as TerminalFault);
  }
  const byEndpoint = new Map<Endpoint, TerminalFault[]>();
  for (const endpoint of ENDPOINTS)
    byEndpoint.set(
      endpoint,
      terminal.filter((f) => f.endpoints.includes(endpoint)),
    );
  const latency =
    mix?.latency !== undefined && mix.latency.probability > 0 ? activeFault('latency', mix.latency) : undefined;
  return { latency, byEndpoint };
}

/** What a valid mix must also satisfy beyond its schema. */
export function checkFaultMix(mix: FaultMix, { sums = true } = {}): FaultProblem[] {
  const problems: FaultProblem[] = [];
  for (const kind of Object.keys(mix) as FaultKind[]) {
    const spec = mix[kind];
    if (spec?.endpoints === undefined) continue;
    const allowed = FAULT_ENDPOINTS[kind];
    const wrong = expandEndpoints(spec.endpoints).filter((e) => !allowed.includes(e));
    // A group (`public`) may reach further than the kind does; only endpoints named outright are an error.
    const named = wrong.filter((e) => (spec.endpoints as readonly string[]).includes(e));
    if (named.length > 0) {
      problems.push({
        path: [kind, 'endpoints'],
        message: `${kind} can strike only ${allowed.join(', ')}, got ${named.join(', ')}`,
      });
    }
  }
  const latency = mix.latency;
  if (latency?.maxMs !== undefined && latency.maxMs < latency.ms) {
    problems.push({
      path: ['latency', 'maxMs'],
      message: `expected maxMs >= ms (${latency.ms}), got ${latency.maxMs}`,
    });
  }
  if (sums) problems.push(...checkSums(mix));
  return problems;
}

/** Per endpoint, the terminal faults share one roll: their probabilities may add up to 1 at most. */
export function checkSums(mix: FaultMix): FaultProblem[] {
  const { byEndpoint } = compileFaults(mix);
  // Endpoints over the limit with the same faults are named in one problem.
  const over = new Map<string, { sum: number; endpoints: Endpoint[] }>();
  for (const [endpoint, faults] of byEndpoint) {
    const sum = faults.reduce((total, f) => total + f.probability, 0);
    if (sum <= 1 + EPSILON) continue;
    const parts = faults.map((f) => `${f.kind} ${f.probability}`).join(' + ');
    const entry = over.get(parts) ?? { sum, endpoints: [] };
    entry.endpoints.push(endpoint);
    over.set(parts, entry);
  }
  return [...over].map(([parts, { sum, endpoints }]) => {
    const where = endpoints.length === ENDPOINTS.length ? 'every endpoint' : endpoints.join(', ');
    return {
      path: [],
      message: `probabilities on ${where} add up to ${round(sum)} (${parts}); at most 1, since one roll decides`,
    };
  });
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
