import { z } from 'zod';
import { ERROR_CATEGORIES } from '../classify/ErrorCategory.ts';
import { ERROR_SEVERITIES } from '../classify/ErrorSeverity.ts';
import type { DevtoolsCommand, DevtoolsMessage } from '../devtools/DevtoolsMessage.ts';
import type { ResolvedConfig } from '../handler/defaultConfig.ts';
import { BREAKER_SEED_NAMES, SEED_NAMES } from '../handler/seedNames.ts';
import { DEVTOOLS_PROTOCOL_VERSION } from '../devtools/DevtoolsMessage.ts';

// The devtools protocol, defined once and checked where it is received. Unknown extra fields are stripped, not
// refused, so an older panel can read a newer producer of the same version; what it relies on is checked.

const num = z.number();
const time = z.number().nullable();
const state = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']);
const mode = z.enum(['live', 'paper']);
const category = z.enum(ERROR_CATEGORIES as [string, ...string[]]);
const severity = z.enum(ERROR_SEVERITIES as [string, ...string[]]);

export const devtoolsBreakerSchema = z.object({
  name: z.string(),
  state,
  failureCount: num,
  failureThreshold: num,
  totalRequests: num,
  successfulRequests: num,
  failedRequests: num,
  rejectedRequests: num,
  /** Producers before it was added send none: read as 0. */
  ignoredRequests: num.default(0),
  successRate: num,
  lastFailureTime: time,
  lastSuccessTime: time,
  openedAt: time,
  recoveryTimeoutMs: num,
  isolated: z.boolean(),
  retryAfterMs: time,
  // Added after version 1 shipped: optional, so a panel reads producers without it.
  latency: z.object({ count: num, p50: time, p95: time, p99: time, max: time }).optional(),
});

export const errorOutcomeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('retried'), delayMs: num, action: z.string().optional() }),
  z.object({ type: z.literal('fallback'), action: z.string().optional(), ageMs: num.optional() }),
  z.object({ type: z.literal('degraded'), action: z.string() }),
  z.object({ type: z.literal('recovered'), action: z.string() }),
  z.object({ type: z.literal('gave-up'), reason: z.literal('breaker-open').optional() }),
]);

export const errorRecordSchema = z.object({
  id: z.string(),
  operation: z.string(),
  component: z.string(),
  category,
  severity,
  retryable: z.boolean(),
  retryAfterMs: num.optional(),
  retryCount: num,
  maxRetries: num,
  timestamp: num,
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  status: num.optional(),
  fingerprint: z.string(),
  stack: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()),
  outcome: errorOutcomeSchema.optional(),
});

const counts = z.record(z.string(), num);

export const handlerStatsSchema = z.object({
  totalErrors: num,
  errorCounts: counts,
  categoryCounts: counts,
  severityCounts: counts,
  recoveryStats: z.record(z.string(), z.object({ success: num, failure: num })),
  circuitBreakerStates: z.record(z.string(), state),
  errorRate: num,
  topFingerprints: z.array(
    z.object({ fingerprint: z.string(), count: num, name: z.string(), message: z.string(), operation: z.string() }),
  ),
  mode,
  storage: z.object({ queued: num, written: num, dropped: num, failedWrites: num }).nullable(),
});

const at = { at: num };
const transitionReason = z.string();

// Shapes a store keeps too (`historyEventSchema`): one definition each.
const breakerStateSchema = z.object({
  type: z.literal('breaker.state'),
  name: z.string(),
  from: state,
  to: state,
  reason: transitionReason,
  ...at,
});
const modeChangedSchema = z.object({
  type: z.literal('mode.changed'),
  from: mode,
  to: mode,
  reason: z.string(),
  held: z.boolean().optional(),
  ...at,
});

export const handlerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('error.recorded'), context: errorRecordSchema, ...at }),
  z.object({ type: z.literal('error.settled'), errorId: z.string(), outcome: errorOutcomeSchema, ...at }),
  z.object({ type: z.literal('recovery.attempted'), errorId: z.string(), action: z.string(), ...at }),
  z.object({
    type: z.literal('recovery.succeeded'),
    errorId: z.string(),
    action: z.string(),
    outcome: z.string(),
    ...at,
  }),
  z.object({
    type: z.literal('recovery.failed'),
    errorId: z.string(),
    action: z.string(),
    reason: z.enum(['failed', 'threw']),
    message: z.string().optional(),
    ...at,
  }),
  z.object({
    type: z.literal('recovery.skipped'),
    errorId: z.string(),
    component: z.string(),
    reason: z.string(),
    ...at,
  }),
  z.object({
    type: z.literal('call.retry-scheduled'),
    errorId: z.string(),
    operation: z.string(),
    component: z.string(),
    attempt: num,
    delayMs: num,
    ...at,
  }),
  modeChangedSchema,
  z.object({ type: z.literal('mode.released'), mode, reason: z.string(), ...at }),
  z.object({ type: z.literal('config.changed'), ...at }),
  z.object({ type: z.literal('store.dropped'), count: num, total: num, ...at }),
  z.object({ type: z.literal('store.failed'), message: z.string(), ...at }),
  z.object({
    type: z.literal('store.restored'),
    records: num,
    breakers: z.array(z.string()),
    pending: z.array(z.string()).optional(),
    ...at,
  }),
  breakerStateSchema,
  z.object({
    type: z.literal('breaker.call'),
    name: z.string(),
    outcome: z.enum(['success', 'failure', 'ignored']),
    durationMs: num,
    ...at,
  }),
  z.object({ type: z.literal('breaker.rejected'), name: z.string(), state, retryAfterMs: num.optional(), ...at }),
  z.object({ type: z.literal('breaker.predicate-error'), name: z.string(), message: z.string(), ...at }),
]);

const chaosSchema = z.object({
  name: z.string(),
  kind: z.enum(['fault', 'latency', 'outcome']),
  rate: num,
  enabled: z.boolean(),
  injected: num,
});

/** What a store keeps besides errors (`HistoryEvent`): the two event shapes above, as a union of their own. */
export const historyEventSchema = z.discriminatedUnion('type', [breakerStateSchema, modeChangedSchema]);

const version = z.literal(DEVTOOLS_PROTOCOL_VERSION, {
  error: (issue) =>
    `protocol version ${String(issue.input)} is not supported (this panel speaks version ${DEVTOOLS_PROTOCOL_VERSION})`,
});

type NonNumericSetting = {
  [K in keyof ResolvedConfig]: ResolvedConfig[K] extends number ? never : K;
}[keyof ResolvedConfig];

/** The settings that are not a number, each with its schema: a new one that is missing here does not compile. */
const nonNumericSettings = {
  jitter: z.union([z.boolean(), z.enum(['full', 'decorrelated'])]),
  circuitBreaker: z.object(Object.fromEntries(Object.keys(BREAKER_SEED_NAMES).map((key) => [key, num]))),
  recoveryActions: z.array(z.object({ name: z.string(), priority: num })),
  exchangeNames: z.array(z.string()).nullable(),
  classificationRules: z.array(z.string()),
} satisfies Record<NonNumericSetting, z.ZodType>;

/** Settings added after version 1 shipped: optional, so a panel reads producers without them. */
const addedAfterVersion1: ReadonlySet<string> = new Set(['maxRetryAfterMs']);

/** The config summary (`summariseConfig`): every setting of the config table, a number unless said otherwise. */
const configSummarySchema = z.object(
  Object.fromEntries(
    Object.keys(SEED_NAMES).map((key) => {
      const schema: z.ZodType = (nonNumericSettings as Record<string, z.ZodType>)[key] ?? num;
      return [key, addedAfterVersion1.has(key) ? schema.optional() : schema];
    }),
  ),
);

export const devtoolsSnapshotSchema = z.object({
  type: z.literal('snapshot'),
  version,
  process: z.string().min(1).max(100).optional(),
  seq: num,
  at: num,
  breakers: z.array(devtoolsBreakerSchema),
  stats: handlerStatsSchema,
  history: z.array(errorRecordSchema),
  mode,
  modeHeld: z.boolean().optional(),
  transitions: z.array(historyEventSchema).optional(),
  config: configSummarySchema,
  chaos: z.array(chaosSchema).optional(),
});

export const devtoolsBatchSchema = z.object({
  type: z.literal('batch'),
  version,
  seq: num,
  at: num,
  events: z.array(handlerEventSchema),
  dropped: num,
  breakers: z.array(devtoolsBreakerSchema),
  stats: handlerStatsSchema,
  chaos: z.array(chaosSchema).optional(),
});

export const devtoolsMessageSchema = z.discriminatedUnion('type', [devtoolsSnapshotSchema, devtoolsBatchSchema]);

export const devtoolsCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('breaker.reset'), name: z.string().min(1) }),
  z.object({ type: z.literal('breaker.isolate'), name: z.string().min(1) }),
  z.object({ type: z.literal('mode.set'), mode }),
  z.object({ type: z.literal('mode.release') }),
  z.object({ type: z.literal('chaos.set'), name: z.string().min(1), enabled: z.boolean() }),
]);

// Whatever the producer's types allow must pass the schemas: these fail to compile if the two drift apart.
type Assert<T extends true> = T;
export type _MessageFits = Assert<DevtoolsMessage extends z.input<typeof devtoolsMessageSchema> ? true : false>;
export type _CommandFits = Assert<DevtoolsCommand extends z.input<typeof devtoolsCommandSchema> ? true : false>;
