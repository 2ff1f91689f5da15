import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';
import { ACTION_SEED_NAMES, BREAKER_SEED_NAMES, SEED_NAMES, type SeedName } from '../handler/seedNames.ts';
import type { SeedConfig } from './configSchema.ts';
import { defined } from './defined.ts';

/**
 * Seconds to milliseconds, rounded to the microsecond so binary fractions do not leak into the config
 * (`0.1 * 1000` is `100.00000000000001`).
 */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1_000_000) / 1000;
}

function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : secondsToMs(seconds);
}

type Section = Record<string, unknown>;

/**
 * A file map in code's names and units, keys in the table's order; `nested` converts the values that are
 * not plain (maps, rules). Undefined entries are left out.
 */
function convert<T>(
  names: Readonly<Record<string, SeedName>>,
  seed: Section,
  nested: Readonly<Record<string, (value: never) => unknown>> = {},
): T {
  const out: Section = {};
  for (const [code, { seed: key, seconds }] of Object.entries(names)) {
    const value = seed[key];
    out[code] = nested[code]
      ? (nested[code] as (value: unknown) => unknown)(value)
      : seconds
        ? ms(value as number | undefined)
        : value;
  }
  return defined(out) as T;
}

function rule(seed: NonNullable<SeedConfig['classification_rules']>[number]): ClassificationRule {
  const { names, codes, statuses, message } = seed.match;
  return defined<ClassificationRule>({
    name: seed.name,
    match: defined({ names, codes: codes?.map(String), statuses, message }),
    category: seed.category,
    severity: seed.severity,
    retryable: seed.retryable,
  });
}

function actions(seed: NonNullable<SeedConfig['recovery_actions']>): ErrorHandlerConfig['recoveryActions'] {
  const out: Section = {};
  for (const [name, names] of Object.entries(ACTION_SEED_NAMES)) {
    const action = (seed as Section)[name] as Section | undefined;
    out[name] = action && convert(names, action);
  }
  return defined(out);
}

/** The validated file section (snake_case, seconds) as the handler's config (camelCase, milliseconds). */
export function fromSeedFormat(seed: SeedConfig): ErrorHandlerConfig {
  return convert<ErrorHandlerConfig>(SEED_NAMES, seed, {
    circuitBreaker: (breaker?: Section) => breaker && convert(BREAKER_SEED_NAMES, breaker),
    recoveryActions: (seedActions?: SeedConfig['recovery_actions']) => seedActions && actions(seedActions),
    classificationRules: (rules?: SeedConfig['classification_rules']) => rules?.map(rule),
  });
}
