import { z } from 'zod';
import { ERROR_CATEGORIES, ErrorCategory } from '../classify/ErrorCategory.ts';
import { ERROR_SEVERITIES, ErrorSeverity } from '../classify/ErrorSeverity.ts';
import { CONFIG_LIMITS, maxDurationText } from '../handler/configLimits.ts';
import { ACTION_SEED_NAMES, BREAKER_SEED_NAMES, SEED_NAMES, type SeedName } from '../handler/seedNames.ts';
import { expected } from './expected.ts';

// Every field passes one `expected(...)` callback to each of its checks, so whichever check fails (type,
// integer, range) the message names what the key wants as a whole.

/** Bounded by `CONFIG_LIMITS`, as the handler's check of config given in code is. */
function integer(min: 0 | 1, max: number) {
  const error = expected(min === 0 ? 'a non-negative integer' : 'a positive integer');
  return z
    .int({ error })
    .min(min, { error })
    .max(max, { error: expected(`at most ${max}`) });
}

const count = (min: 0 | 1) => integer(min, CONFIG_LIMITS.maxCount);

/**
 * Durations are seconds in the file, as in the seed; `fromSeedFormat` turns them into milliseconds. The bound
 * is the handler's, in seconds, so no value overflows to Infinity ms or past what a timer can wait.
 */
function seconds() {
  const error = expected('a non-negative number of seconds');
  return z
    .number({ error })
    .min(0, { error })
    .max(CONFIG_LIMITS.maxDurationMs / 1000, { error: expected(`at most ${maxDurationText('seconds')}`) });
}

function flag() {
  return z.boolean({ error: expected('true or false') });
}

function nonEmptyString() {
  const error = expected('a non-empty string');
  return z.string({ error }).min(1, { error });
}

/** The classifier matches exchange names as words: a blank one is refused there, so it is here. */
function exchangeName() {
  const error = expected('a non-empty string');
  return z.string({ error }).refine((name) => name.trim() !== '', { error });
}

function listOf<T extends z.ZodType>(item: T, what: string) {
  const error = expected(`a non-empty list of ${what}`);
  return z.array(item, { error }).min(1, { error });
}

/** Strict, so unknown keys surface as issues; `parseConfig` turns those into warnings, not errors. */
function map<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, { error: expected('a map') });
}

/**
 * A shape written in code's names, keyed by the file's names from the seed-name table (in its order): the
 * file's spelling of a setting is said once, in `seedNames.ts`.
 */
function seedShape<N extends Readonly<Record<string, SeedName>>, S extends { readonly [K in keyof N]: z.ZodType }>(
  names: N,
  shape: S,
): { [K in keyof N as N[K]['seed']]: S[K] } {
  const out: Record<string, z.ZodType> = {};
  for (const [code, { seed }] of Object.entries(names)) out[seed] = shape[code as keyof N];
  return out as { [K in keyof N as N[K]['seed']]: S[K] };
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
}

function growthFactor() {
  const error = expected('a number >= 1');
  return z.number({ error }).min(1, { error });
}

function httpStatus() {
  const error = expected('an HTTP status (100-599)');
  return z.int({ error }).min(100, { error }).max(599, { error });
}

// Exchanges' codes are often numbers (Binance's -1003); written bare in YAML they load as integers.
const code = z.union([nonEmptyString(), z.int()], { error: expected('a string or an integer') });

const jitter = z.union([z.boolean(), z.literal('full'), z.literal('decorrelated')], {
  error: expected('true, false, "full" or "decorrelated"'),
});

const priority = z.number({ error: expected('a number') });

// The actions' names are the same in code and file; their settings' are not.
const recoveryActions = map({
  network_retry: map(
    seedShape(ACTION_SEED_NAMES.network_retry, {
      enabled: flag().optional(),
      priority: priority.optional(),
      maxRetries: count(0).optional(),
    }),
  ),
  rate_limit_wait: map(
    seedShape(ACTION_SEED_NAMES.rate_limit_wait, {
      enabled: flag().optional(),
      priority: priority.optional(),
      waitTimeMs: seconds().optional(),
    }),
  ),
  data_fallback: map(
    seedShape(ACTION_SEED_NAMES.data_fallback, {
      enabled: flag().optional(),
      priority: priority.optional(),
      cacheTtlMs: seconds().optional(),
      maxEntries: integer(1, CONFIG_LIMITS.maxTrackedKeys).optional(),
    }),
  ),
  exchange_fallback: map(
    seedShape(ACTION_SEED_NAMES.exchange_fallback, {
      enabled: flag().optional(),
      priority: priority.optional(),
      paperTradingEnabled: flag().optional(),
    }),
  ),
}).partial();

const match = map({
  names: listOf(nonEmptyString(), 'class names').optional(),
  codes: listOf(code, 'codes').optional(),
  statuses: listOf(httpStatus(), 'HTTP statuses').optional(),
  // A phrase matched as whole words; the file has no RegExp syntax, so a `/.../` here is just text.
  message: nonEmptyString().optional(),
}).refine((m) => Object.values(m).some((criterion) => criterion !== undefined), {
  // A rule without criteria would match every error, which a typo in a criterion's key must not cause.
  error: 'expected at least one of names, codes, statuses or message, got none',
});

const classificationRule = map({
  name: nonEmptyString(),
  match,
  category: z.enum(ErrorCategory, { error: expected(oneOf(ERROR_CATEGORIES)) }),
  severity: z.enum(ErrorSeverity, { error: expected(oneOf(ERROR_SEVERITIES)) }).optional(),
  retryable: flag().optional(),
});

function hasIssueAt(issues: readonly z.core.$ZodRawIssue[], key: string): boolean {
  return issues.some((issue) => issue.path?.[0] === key);
}

/**
 * The `error_handling` section of the seed's config file as it is written: snake_case keys, durations in
 * seconds. The seed's own keys plus Breakwater's additions; every key is optional.
 */
export const configSchema = map(
  seedShape(SEED_NAMES, {
    maxRetries: count(0).optional(),
    baseDelayMs: seconds().optional(),
    maxDelayMs: seconds().optional(),
    /** The longest Retry-After a failure may ask for and still be retried. Breakwater's; default max_delay. */
    maxRetryAfterMs: seconds().optional(),
    exponentialBase: growthFactor().optional(),
    jitter: jitter.optional(),
    circuitBreaker: map(
      seedShape(BREAKER_SEED_NAMES, {
        failureThreshold: count(1).optional(),
        recoveryTimeoutMs: seconds().optional(),
        halfOpenMaxCalls: count(1).optional(),
        successThreshold: count(1).optional(),
      }),
    ).optional(),
    recoveryActions: recoveryActions.optional(),
    historySize: integer(0, CONFIG_LIMITS.maxHistorySize).optional(),
    maxTrackedKeys: integer(1, CONFIG_LIMITS.maxTrackedKeys).optional(),
    exchangeNames: z.array(exchangeName(), { error: expected('a list of exchange names') }).optional(),
    classificationRules: z.array(classificationRule, { error: expected('a list of rules') }).optional(),
  }),
).refine((s) => s.base_delay === undefined || s.max_delay === undefined || s.max_delay >= s.base_delay, {
  path: ['max_delay'],
  error: (issue) => {
    const section = issue.input as { base_delay: number; max_delay: number };
    return `expected at least base_delay (${section.base_delay}), got ${section.max_delay}`;
  },
  // Run beside other problems (all are reported together), but only once both delays are valid numbers.
  when: (payload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !hasIssueAt(payload.issues, 'base_delay') &&
    !hasIssueAt(payload.issues, 'max_delay'),
});

/** The `error_handling` section as validated: the file's spelling and units. */
export type SeedConfig = z.output<typeof configSchema>;
