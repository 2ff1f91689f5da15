// @breakwater/core — the public surface. Explicit on purpose: nothing is exported by accident.
// Test tools live in `@breakwater/core/testing`, helpers for store drivers in `@breakwater/core/store-kit`.

export { systemClock, timerSleep, defaultRandom, type Clock, type Random } from './time/Clock.ts';

export { EventStream, type Subscribable, type Unsubscribe, type StreamHooks } from './events/EventStream.ts';

export { CircuitOpenError, isCircuitOpenError } from './errors/CircuitOpenError.ts';
export { TimeoutError, isTimeoutError } from './errors/TimeoutError.ts';
export { DeadlineExceededError, isDeadlineExceededError } from './errors/DeadlineExceededError.ts';
export { isAbortError } from './errors/isAbortError.ts';
export { ConfigError, isConfigError, type ConfigIssue } from './errors/ConfigError.ts';

export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerStats,
  type CircuitBreakerSnapshot,
  type BreakerPermit,
} from './breaker/CircuitBreaker.ts';
export type { LatencyStats } from './breaker/LatencyHistogram.ts';
export type {
  BreakerSnapshotSettings,
  CircuitBreakerSnapshotV1,
  CircuitBreakerSnapshotV2,
} from './breaker/CircuitBreakerSnapshot.ts';
export type {
  BreakerEvent,
  BreakerStateEvent,
  BreakerCallEvent,
  BreakerRejectedEvent,
  BreakerPredicateErrorEvent,
  CircuitState,
  TransitionReason,
} from './breaker/BreakerEvent.ts';
export type { BreakerStrategy, CallOutcome, StrategySpec, TripReason } from './breaker/BreakerStrategy.ts';
export type { BreakerCoordinator, RemoteBreakerState } from './breaker/BreakerCoordinator.ts';
export { ConsecutiveFailures } from './breaker/ConsecutiveFailures.ts';
export { FailureRate, type FailureRateOptions } from './breaker/FailureRate.ts';
export { SlowCallRate, type SlowCallRateOptions } from './breaker/SlowCallRate.ts';
export type { SlidingWindow, WindowOptions } from './breaker/SlidingWindow.ts';
export { CountWindow } from './breaker/CountWindow.ts';
export { TimeWindow } from './breaker/TimeWindow.ts';
export {
  BreakerRegistry,
  getDefaultBreakerRegistry,
  setDefaultBreakerRegistry,
  type RestoreBreakerOptions,
  type BreakerSettings,
} from './breaker/BreakerRegistry.ts';

export { RetryHandler, type RetryOptions, type ExecuteOptions, type Jitter } from './retry/RetryHandler.ts';
export { RetryBudget, type RetryBudgetOptions, type RetryBudgetStats } from './retry/RetryBudget.ts';
export type { RetryEvent, RetryScheduledEvent, RetryGaveUpEvent } from './retry/RetryEvent.ts';
export { isRetryable, retryAfterOf } from './retry/isRetryable.ts';

export type { Policy, ExecutionContext, Operation } from './wrappers/Policy.ts';
export type { ShapeKeepingDecorator, AsyncDecorator } from './wrappers/createDecorator.ts';
export {
  withCircuitBreaker,
  type BreakerPolicy,
  type WithCircuitBreakerOptions,
} from './wrappers/withCircuitBreaker.ts';
export { retrying, type RetryPolicy } from './wrappers/retrying.ts';
export { timeout, type TimeoutPolicy } from './wrappers/timeout.ts';
export { deadline, type DeadlinePolicy } from './wrappers/deadline.ts';
export { deadlineOf, type Deadline } from './wrappers/deadlineOf.ts';
export { compose, type ComposedPolicy } from './wrappers/compose.ts';

export { ErrorCategory, ERROR_CATEGORIES } from './classify/ErrorCategory.ts';
export { ErrorSeverity, ERROR_SEVERITIES } from './classify/ErrorSeverity.ts';
export type { ErrorContext } from './classify/ErrorContext.ts';
export type { ErrorFacts } from './classify/ErrorFacts.ts';
export type { ClassificationRule } from './classify/ClassificationRule.ts';
export { Classifier, type ClassifierOptions, type Classification } from './classify/Classifier.ts';
export { readFacts } from './classify/readFacts.ts';
export { fingerprintOf } from './classify/fingerprint.ts';
export { redactText, redactValue, REDACTED } from './classify/redact.ts';
export { isSecretName } from './classify/secretName.ts';
export { categoryDefaults } from './classify/categoryDefaults.ts';
export { DEFAULT_EXCHANGE_NAMES } from './classify/messageRules.ts';

export {
  ErrorHandler,
  type ErrorHandlerOptions,
  type ErrorHandlerStats,
  type HandleResult,
  type HandleOptions,
  type RestoreOptions,
  type SettleOptions,
} from './handler/ErrorHandler.ts';
export { mergeConfig } from './handler/mergeConfig.ts';
export type { ErrorHandlerConfig, RecoveryActionConfig } from './handler/ErrorHandlerConfig.ts';
export { defaultConfig, resolveConfig, type ResolvedConfig } from './handler/defaultConfig.ts';
export { createErrorContext, type ErrorContextInit } from './handler/createErrorContext.ts';
export type { RecoveryAction, RecoveryOutcome, RecoveryTools } from './handler/RecoveryAction.ts';
export type { TradingMode } from './mode/TradingMode.ts';
export { defaultRecoveryActions } from './handler/recovery/defaultRecoveryActions.ts';
export { isRateLimited } from './handler/recovery/rateLimitWait.ts';
export { isExchangeOutage } from './handler/recovery/exchangeFallback.ts';
export { ResultCache } from './handler/ResultCache.ts';
export { describeOutcome, type ErrorOutcome } from './storage/ErrorOutcome.ts';
export type {
  HandlerEvent,
  ErrorRecordedEvent,
  ErrorSettledEvent,
  RecoveryAttemptedEvent,
  RecoverySucceededEvent,
  RecoveryFailedEvent,
  RecoverySkippedEvent,
  CallRetryScheduledEvent,
  ConfigChangedEvent,
  StoreDroppedEvent,
  StoreFailedEvent,
  StoreRestoredEvent,
} from './handler/HandlerEvent.ts';
export type { ErrorRecord } from './storage/ErrorRecord.ts';
export type { ModeChangedEvent, ModeReleasedEvent } from './mode/ModeEvent.ts';
export {
  getGlobalErrorHandler,
  configureGlobalErrorHandler,
  resetGlobalErrorHandler,
} from './handler/globalErrorHandler.ts';

export { handleErrors, type HandleErrorsOptions } from './wrappers/handleErrors.ts';
export { errorContext, type ErrorContextOptions } from './wrappers/errorContext.ts';

export type {
  HistoryStore,
  HistoryFilter,
  HistoryQuery,
  HistoryPage,
  RetentionPolicy,
  EventStore,
} from './storage/HistoryStore.ts';
export { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, supportsEvents } from './storage/HistoryStore.ts';
export { HISTORY_EVENT_TYPES, type HistoryEvent, type EventQuery, type EventPage } from './storage/HistoryEvent.ts';
export { StoreError, isStoreError } from './storage/StoreError.ts';
export { memoryStore, MEMORY_DRIVER, type MemoryStore, type MemoryStoreOptions } from './storage/memoryStore.ts';
export {
  HistoryWriter,
  type HistoryWriterOptions,
  type HistoryWriterStats,
  type HistoryWriterHooks,
} from './storage/HistoryWriter.ts';

export { DevtoolsFeed, describeBreaker, type DevtoolsFeedOptions } from './devtools/DevtoolsFeed.ts';
export {
  DEVTOOLS_PROTOCOL_VERSION,
  type DevtoolsMessage,
  type DevtoolsSnapshot,
  type DevtoolsBatch,
  type DevtoolsBreaker,
  type DevtoolsCommand,
  type DevtoolsChaos,
  type DevtoolsConfigSummary,
} from './devtools/DevtoolsMessage.ts';
export { DEFAULT_DEVTOOLS_CHANNEL, type BroadcastEnvelope } from './devtools/BroadcastEnvelope.ts';
