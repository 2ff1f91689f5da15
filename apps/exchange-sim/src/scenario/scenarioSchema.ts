import { z } from 'zod';
import { ENDPOINT_SELECTORS, type EndpointSelector } from '../api/Endpoint.ts';

/** How a wrong value is shown in a message: strings quoted, objects by their type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'a list' : typeof value;
}

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    `expected ${what}, got ${issue.input === undefined ? 'nothing' : describeValue(issue.input)}`,
});

function probability() {
  const e = expected('a probability from 0 to 1');
  return z.number(e).min(0, e).max(1, e);
}

function milliseconds(what: string, min: 0 | 1) {
  const e = expected(what);
  return z
    .number(e)
    .int(e)
    .min(min, e)
    .max(2 ** 31 - 1, e);
}

const endpoints = z
  .array(
    z.enum(ENDPOINT_SELECTORS, expected(`one of ${ENDPOINT_SELECTORS.join(', ')}`)),
    expected('a list of endpoints'),
  )
  .min(1, expected('a non-empty list of endpoints'));

/** A fault given as a bare number is its probability: `reset: 0.1` means `reset: { probability: 0.1 }`. */
function fault<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(
    (value) => (typeof value === 'number' ? { probability: value } : value),
    z.strictObject(
      { probability: probability(), endpoints: endpoints.optional(), ...shape },
      expected('a probability or an object'),
    ),
  );
}

export const faultMixSchema = z.strictObject(
  {
    /** Extra delay: `ms` exactly, or uniformly between `ms` and `maxMs`. */
    latency: fault({
      ms: milliseconds('a whole number of ms >= 0', 0).default(500),
      maxMs: milliseconds('a whole number of ms >= 0', 0).optional(),
    }).optional(),
    /** Without `ms`: no answer until the client gives up. With `ms`: the answer that late (if anyone still waits). */
    timeout: fault({ ms: milliseconds('a whole number of ms > 0', 1).optional() }).optional(),
    reset: fault({}).optional(),
    rateLimit: fault({
      retryAfterS: z
        .number(expected('a number of seconds >= 0'))
        .min(0, expected('a number of seconds >= 0'))
        .default(1),
    }).optional(),
    maintenance: fault({}).optional(),
    nonce: fault({}).optional(),
    insufficientFunds: fault({}).optional(),
    acceptThenTimeout: fault({
      /** How the answer to the accepted order is lost. */
      lostBy: z.enum(['reset', 'timeout'], expected('"reset" or "timeout"')).default('reset'),
      /** With `lostBy: timeout`: answer this late instead of never. */
      ms: milliseconds('a whole number of ms > 0', 1).optional(),
    }).optional(),
    malformed: fault({}).optional(),
    stale: fault({ ageMs: milliseconds('a whole number of ms >= 0', 0).default(30_000) }).optional(),
  },
  expected('a map of fault kinds'),
);

export const phaseSchema = z.strictObject(
  {
    name: z.string(expected('a name')).min(1, expected('a non-empty name')),
    durationMs: milliseconds('a whole number of ms > 0', 1),
    /** Laid over the scenario's own `faults`, kind by kind. */
    faults: faultMixSchema.nullish(),
    /** The whole phase is a maintenance window: 503 `OnMaintenance` everywhere, whatever the faults. */
    maintenance: z.boolean(expected('true or false')).optional(),
  },
  expected('a phase ({ name, durationMs, faults, maintenance })'),
);

export const maintenanceWindowSchema = z.strictObject(
  {
    /** Start, in ms after the scenario started. */
    from: milliseconds('a whole number of ms >= 0', 0),
    durationMs: milliseconds('a whole number of ms > 0', 1),
  },
  expected('a window ({ from, durationMs })'),
);

export const scenarioSchema = z.strictObject(
  {
    name: z.string(expected('a string')).optional(),
    description: z.string(expected('a string')).optional(),
    /** Faults in every phase. */
    faults: faultMixSchema.nullish(),
    /** Played in order from the scenario's start, each for its `durationMs`. */
    phases: z.array(phaseSchema, expected('a list of phases')).optional(),
    /** After the last phase: start over (default) or stay in it. */
    loop: z.boolean(expected('true or false')).default(true),
    /** Scripted outages: 503 `OnMaintenance` on every endpoint for each window. */
    maintenance: z.array(maintenanceWindowSchema, expected('a list of windows')).optional(),
  },
  expected('a scenario (a map with faults, phases, maintenance)'),
);

/** A checked scenario, defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type FaultMix = z.output<typeof faultMixSchema>;
export type Phase = z.output<typeof phaseSchema>;
export type MaintenanceWindow = z.output<typeof maintenanceWindowSchema>;

// What may be written, in YAML or code (the schema's own input type is `unknown` where numbers stand alone).

interface FaultInput {
  probability: number;
  /** Default: everywhere the kind can strike. */
  endpoints?: EndpointSelector[];
}

/** Each kind: a probability, or an object with its probability and settings. */
export interface FaultMixInput {
  latency?: number | (FaultInput & { ms?: number; maxMs?: number });
  timeout?: number | (FaultInput & { ms?: number });
  reset?: number | FaultInput;
  rateLimit?: number | (FaultInput & { retryAfterS?: number });
  maintenance?: number | FaultInput;
  nonce?: number | FaultInput;
  insufficientFunds?: number | FaultInput;
  acceptThenTimeout?: number | (FaultInput & { lostBy?: 'reset' | 'timeout'; ms?: number });
  malformed?: number | FaultInput;
  stale?: number | (FaultInput & { ageMs?: number });
}

/** A scenario as written: probabilities may stand alone, defaults may be left out. */
export interface ScenarioInput {
  name?: string;
  description?: string;
  faults?: FaultMixInput | null;
  phases?: { name: string; durationMs: number; faults?: FaultMixInput | null; maintenance?: boolean }[];
  loop?: boolean;
  maintenance?: { from: number; durationMs: number }[];
}
