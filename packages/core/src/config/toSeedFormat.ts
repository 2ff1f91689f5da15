import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';
import { ACTION_SEED_NAMES, BREAKER_SEED_NAMES, SEED_NAMES, type SeedName } from '../handler/seedNames.ts';
import type { SeedConfig } from './configSchema.ts';
import { defined } from './defined.ts';

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

type Section = Record<string, unknown>;

/**
 * A config map in the file's names and units, keys in the table's order; `nested` converts the values that
 * are not plain (maps, lists). Undefined entries are left out.
 */
function convert<T>(
  names: Readonly<Record<string, SeedName>>,
  config: Section,
  nested: Readonly<Record<string, (value: never) => unknown>> = {},
): T {
  const out: Section = {};
  for (const [code, { seed: key, seconds: inSeconds }] of Object.entries(names)) {
    const value = config[code];
    out[key] = nested[code]
      ? (nested[code] as (value: unknown) => unknown)(value)
      : inSeconds
        ? seconds(value as number | undefined)
        : value;
  }
  return defined(out) as T;
}

type SeedRule = NonNullable<SeedConfig['classification_rules']>[number];

function rule(config: ClassificationRule): SeedRule {
  const { names, codes, statuses, message } = config.match;
  return defined<SeedRule>({
    name: config.name,
    // The file has no RegExp syntax: a RegExp is shown as `/source/flags` text, and a `test` function
    // (code only) is left out.
    match: defined({
      names: names && [...names],
      codes: codes && [...codes],
      statuses: statuses && [...statuses],
      message: message === undefined ? undefined : String(message),
    }),
    category: config.category,
    severity: config.severity,
    retryable: config.retryable,
  });
}

function actions(config: NonNullable<ErrorHandlerConfig['recoveryActions']>): SeedConfig['recovery_actions'] {
  const out: Section = {};
  for (const [name, names] of Object.entries(ACTION_SEED_NAMES)) {
    const action = config?.[name as keyof typeof config] as Section | undefined;
    out[name] = action && convert(names, action);
  }
  return defined(out);
}

/**
 * The inverse of `parseConfig`: an `ErrorHandlerConfig` as the `error_handling` section of the seed's file
 * (snake_case, seconds), e.g. for a devtools summary. Lossless except for what the file cannot express
 * (RegExp messages, `test` functions).
 */
export function toSeedFormat(config: ErrorHandlerConfig): SeedConfig {
  return convert<SeedConfig>(SEED_NAMES, config as Section, {
    circuitBreaker: (breaker?: Section) => breaker && convert(BREAKER_SEED_NAMES, breaker),
    recoveryActions: (configActions?: ErrorHandlerConfig['recoveryActions']) => configActions && actions(configActions),
    exchangeNames: (names?: readonly string[]) => names && [...names],
    classificationRules: (rules?: readonly ClassificationRule[]) => rules?.map(rule),
  });
}
