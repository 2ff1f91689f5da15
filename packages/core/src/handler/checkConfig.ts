import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import { ERROR_CATEGORIES } from '../classify/ErrorCategory.ts';
import { ERROR_SEVERITIES } from '../classify/ErrorSeverity.ts';
import { ConfigError, formatPath, type ConfigIssue } from '../errors/ConfigError.ts';
import { describeValue } from '../errors/describeValue.ts';
import { closestKey } from './closestKey.ts';
import { CONFIG_LIMITS, maxDurationText } from './configLimits.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';
import { ACTION_SEED_NAMES, BREAKER_SEED_NAMES, SEED_NAMES, seedNameHints } from './seedNames.ts';

// Config given in code, checked by hand: the root entry must not pull in zod (DESIGN.md). The messages and
// the bounds are the YAML schema's, so both read the same and accept the same.

type Path = readonly PropertyKey[];

interface Report {
  issues: ConfigIssue[];
  /** A key of the YAML file's spelling was met: the message then says how to read that format. */
  seedFormat: boolean;
  /** The first error a getter or Proxy trap threw, kept as the ConfigError's cause. */
  cause?: unknown;
}

/** Checks a value at `path`, reporting what is wrong; returns the checked copy, or undefined if it was wrong. */
type Rule = (value: unknown, path: Path, report: Report) => unknown;

/** A rule for every key of `T`: adding a key to the config's type without checking it does not compile. */
type Shape<T> = { [K in keyof Required<T>]: Rule };

function problem(report: Report, path: Path, message: string): undefined {
  report.issues.push({ path: formatPath(path), message });
  return undefined;
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

/** Reads through getters and Proxy traps, which may throw: that is a problem at `path`, not a crash. */
function attempt<T>(report: Report, path: Path, read: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (!('cause' in report)) report.cause = error;
    problem(report, path, `could not be read (${errorText(error)})`);
    return { ok: false };
  }
}

function value(what: string, test: (value: unknown) => boolean, max?: { limit: number; text: string }): Rule {
  return (v, path, report) => {
    if (!test(v)) return problem(report, path, `expected ${what}, got ${describeValue(v)}`);
    if (max && (v as number) > max.limit)
      return problem(report, path, `expected at most ${max.text}, got ${describeValue(v)}`);
    return v;
  };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function integer(min: 0 | 1, limit: number): Rule {
  const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
  return value(what, (v) => Number.isInteger(v) && (v as number) >= min, { limit, text: String(limit) });
}

const count = integer(1, CONFIG_LIMITS.maxCount);
const retries = integer(0, CONFIG_LIMITS.maxCount);
const duration = value('a non-negative number of milliseconds', (v) => isFiniteNumber(v) && v >= 0, {
  limit: CONFIG_LIMITS.maxDurationMs,
  text: maxDurationText('milliseconds'),
});
const priority = value('a finite number', isFiniteNumber);
const flag = value('true or false', (v) => typeof v === 'boolean');
const nonEmptyString = value('a non-empty string', (v) => typeof v === 'string' && v !== '');
// The classifier matches exchange names as words: a blank one would match nothing, or everything.
const exchangeName = value('a non-empty string', (v) => typeof v === 'string' && v.trim() !== '');
const httpStatus = value(
  'an HTTP status (100-599)',
  (v) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599,
);

function oneOf(values: readonly unknown[]): Rule {
  return value(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.includes(v));
}

function isArray(v: unknown, path: Path, report: Report): boolean | undefined {
  const read = attempt(report, path, () => Array.isArray(v));
  return read.ok ? read.value : undefined;
}

function list(item: Rule, what: string, options: { nonEmpty: boolean }): Rule {
  const expected = options.nonEmpty ? `a non-empty list of ${what}` : `a list of ${what}`;
  return (v, path, report) => {
    const array = isArray(v, path, report);
    if (array === undefined) return undefined;
    if (!array) return problem(report, path, `expected ${expected}, got ${describeValue(v)}`);
    const items = v as readonly unknown[];
    const length = attempt(report, path, () => items.length);
    if (!length.ok) return undefined;
    if (options.nonEmpty && length.value === 0) return problem(report, path, `expected ${expected}, got an empty list`);
    const copy: unknown[] = [];
    for (let i = 0; i < length.value; i++) {
      const read = attempt(report, [...path, i], () => items[i]);
      if (read.ok) copy.push(item(read.value, [...path, i], report));
    }
    return copy;
  };
}

interface MapOptions {
  /** Keys that must be given (the others may be left out or undefined). */
  required?: readonly string[];
  /** The YAML file's names of this map's keys, where they differ: `failure_threshold` → `failureThreshold`. */
  seedNames?: Readonly<Record<string, string>>;
  /** A check of the whole map, run when its keys are fine; returns the problem. */
  check?: (map: Record<string, unknown>) => string | undefined;
}

function unknownKey(key: string, path: Path, known: readonly string[], options: MapOptions, report: Report): void {
  const seedName = options.seedNames && Object.hasOwn(options.seedNames, key) ? options.seedNames[key] : undefined;
  if (seedName !== undefined) {
    report.seedFormat = true;
    problem(report, [...path, key], `unknown key (the YAML file's ${seedName})`);
    return;
  }
  // snake_case where this map's keys are camelCase: most likely the YAML file's spelling.
  if (options.seedNames && /^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(key)) report.seedFormat = true;
  const near = closestKey(key, known);
  problem(report, [...path, key], near === undefined ? 'unknown key' : `unknown key (did you mean ${near}?)`);
}

/**
 * A map with known keys. Unknown own keys are problems (a typo must not silently mean "default"); known keys
 * are read with a plain property access, so getters (own or inherited) work as they always did.
 */
function map<T>(shape: Shape<T>, options: MapOptions = {}): Rule {
  const rules = shape as Record<string, Rule>;
  const known = Object.keys(rules);
  return (v, path, report) => {
    const array = isArray(v, path, report);
    if (array === undefined) return undefined;
    if (typeof v !== 'object' || v === null || array)
      return problem(report, path, `expected a map, got ${describeValue(v)}`);
    const object = v as Record<string, unknown>;
    const own = attempt(report, path, () => Object.keys(object));
    if (!own.ok) return undefined;
    const copy: Record<string, unknown> = {};
    let wrongValues = false;
    const visit = (key: string) => {
      const before = report.issues.length;
      const read = attempt(report, [...path, key], () => object[key]);
      if (read.ok && (read.value !== undefined || options.required?.includes(key))) {
        const checked = rules[key]!(read.value, [...path, key], report);
        if (checked !== undefined) copy[key] = checked;
      }
      if (report.issues.length > before) wrongValues = true;
    };
    // Own keys first, in the order given, so problems read in that order.
    for (const key of own.value) {
      if (Object.hasOwn(rules, key)) visit(key);
      else unknownKey(key, path, known, options, report);
    }
    for (const key of known) if (!own.value.includes(key)) visit(key);
    // Unknown keys do not hide a map's own problem (a rule whose only criterion is misspelled has none).
    if (!wrongValues && options.check) {
      const wrong = options.check(copy);
      if (wrong !== undefined) return problem(report, path, wrong);
    }
    return copy;
  };
}

function action<T>(shape: Omit<Shape<T>, 'enabled' | 'priority'>, seedNames?: Record<string, string>): Rule {
  return map<T>({ enabled: flag, priority, ...shape } as Shape<T>, seedNames ? { seedNames } : {});
}

const match = map<ClassificationRule['match']>(
  {
    names: list(nonEmptyString, 'class names', { nonEmpty: true }),
    codes: list(nonEmptyString, 'codes', { nonEmpty: true }),
    statuses: list(httpStatus, 'HTTP statuses', { nonEmpty: true }),
    message: value('a RegExp or a non-empty string', (v) => v instanceof RegExp || (typeof v === 'string' && v !== '')),
    test: value('a function', (v) => typeof v === 'function'),
  },
  {
    // A rule without criteria would match every error, which a typo in a criterion's key must not cause.
    check: (m) =>
      Object.values(m).some((criterion) => criterion !== undefined)
        ? undefined
        : 'expected at least one of names, codes, statuses, message or test, got none',
  },
);

const rule = map<ClassificationRule>(
  {
    name: nonEmptyString,
    match,
    category: oneOf(ERROR_CATEGORIES),
    severity: oneOf(ERROR_SEVERITIES),
    retryable: flag,
  },
  { required: ['name', 'match', 'category'] },
);

type Actions = NonNullable<ErrorHandlerConfig['recoveryActions']>;

const handlerConfig = map<ErrorHandlerConfig>(
  {
    maxRetries: retries,
    baseDelayMs: duration,
    maxDelayMs: duration,
    maxRetryAfterMs: duration,
    exponentialBase: value('a number >= 1', (v) => isFiniteNumber(v) && v >= 1),
    jitter: value(
      'true, false, "full" or "decorrelated"',
      (v) => typeof v === 'boolean' || v === 'full' || v === 'decorrelated',
    ),
    circuitBreaker: map<NonNullable<ErrorHandlerConfig['circuitBreaker']>>(
      { failureThreshold: count, recoveryTimeoutMs: duration, halfOpenMaxCalls: count, successThreshold: count },
      { seedNames: seedNameHints(BREAKER_SEED_NAMES) },
    ),
    recoveryActions: map<Actions>({
      network_retry: action<NonNullable<Actions['network_retry']>>(
        { maxRetries: retries },
        seedNameHints(ACTION_SEED_NAMES.network_retry),
      ),
      rate_limit_wait: action<NonNullable<Actions['rate_limit_wait']>>(
        { waitTimeMs: duration },
        seedNameHints(ACTION_SEED_NAMES.rate_limit_wait),
      ),
      data_fallback: action<NonNullable<Actions['data_fallback']>>(
        { cacheTtlMs: duration, maxEntries: integer(1, CONFIG_LIMITS.maxTrackedKeys) },
        seedNameHints(ACTION_SEED_NAMES.data_fallback),
      ),
      exchange_fallback: action<NonNullable<Actions['exchange_fallback']>>(
        { paperTradingEnabled: flag },
        seedNameHints(ACTION_SEED_NAMES.exchange_fallback),
      ),
    }),
    historySize: integer(0, CONFIG_LIMITS.maxHistorySize),
    maxTrackedKeys: integer(1, CONFIG_LIMITS.maxTrackedKeys),
    exchangeNames: list(exchangeName, 'exchange names', { nonEmpty: false }),
    classificationRules: list(rule, 'rules', { nonEmpty: false }),
  },
  {
    seedNames: { error_handling: 'section', ...seedNameHints(SEED_NAMES) },
  },
);

/** How to read an object in the YAML file's spelling: said once, first, when any such key was met. */
export const SEED_FORMAT_HINT =
  "this is the YAML file's format (snake_case keys, durations in seconds): " +
  'read it with parseConfig from @breakwater/core/config';

/**
 * Checks config given in code at run time, where TypeScript's types no longer hold: unknown keys (with a
 * suggestion when one is close), wrong types and out-of-range values, at any depth. Throws one `ConfigError`
 * (its `source` says which call it came through) listing every problem; returns a copy of what was given,
 * without undefined keys.
 */
export function checkConfig(config: unknown, source: string): ErrorHandlerConfig {
  const report: Report = { issues: [], seedFormat: false };
  const checked = handlerConfig(config, [], report);
  if (report.issues.length > 0) {
    if (report.seedFormat) report.issues.unshift({ path: '', message: SEED_FORMAT_HINT });
    throw new ConfigError(report.issues, source, 'cause' in report ? { cause: report.cause } : undefined);
  }
  return checked as ErrorHandlerConfig;
}
