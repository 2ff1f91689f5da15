import type { Endpoint } from '../api/Endpoint.ts';
import type { FaultMix } from '../scenario/scenarioSchema.ts';
import type { FaultKind } from './FaultKind.ts';

/** One fault kind as it applies now: its probability, the endpoints it strikes and its settings. */
export type ActiveFault<K extends FaultKind = FaultKind> = {
  [P in K]: Omit<NonNullable<FaultMix[P]>, 'endpoints'> & { kind: P; endpoints: readonly Endpoint[] };
}[K];

export type TerminalFault = ActiveFault<Exclude<FaultKind, 'latency'>>;
