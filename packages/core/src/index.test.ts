import { describe, expect, it } from 'vitest';

// The value names each entry point exports, pinned: a name added to or dropped from an entry is a decision,
// seen in review, not an accident of a barrel. Types vanish at runtime; the type tests (*.test-d.ts) pin them.
describe('@breakwater/core entry points export', () => {
  it('the root entry: no test tools, no store-driver helpers, no internals', async () => {
    expect(Object.keys(await import('./index.ts')).sort()).toStrictEqual([
      'BreakerRegistry', 'CircuitBreaker', 'CircuitOpenError', 'Classifier', 'ConfigError', 'ConsecutiveFailures',
      'CountWindow', 'DEFAULT_DEVTOOLS_CHANNEL', 'DEFAULT_EXCHANGE_NAMES', 'DEFAULT_QUERY_LIMIT',
      'DEVTOOLS_PROTOCOL_VERSION', 'DeadlineExceededError', 'DevtoolsFeed', 'ERROR_CATEGORIES', 'ERROR_SEVERITIES',
      'ErrorCategory', 'ErrorHandler', 'ErrorSeverity', 'EventStream', 'FailureRate', 'HISTORY_EVENT_TYPES',
      'HistoryWriter', 'MAX_QUERY_LIMIT', 'MEMORY_DRIVER', 'REDACTED', 'ResultCache', 'RetryBudget', 'RetryHandler',
      'SlowCallRate', 'StoreError', 'TimeWindow', 'TimeoutError', 'categoryDefaults', 'compose',
      'configureGlobalErrorHandler', 'createErrorContext', 'deadline', 'deadlineOf', 'defaultConfig', 'defaultRandom',
      'defaultRecoveryActions', 'describeBreaker', 'describeOutcome', 'errorContext', 'fingerprintOf',
      'getDefaultBreakerRegistry', 'getGlobalErrorHandler', 'handleErrors', 'isAbortError', 'isCircuitOpenError',
      'isConfigError', 'isDeadlineExceededError', 'isExchangeOutage', 'isRateLimited', 'isRetryable', 'isSecretName',
      'isStoreError', 'isTimeoutError', 'memoryStore', 'mergeConfig', 'readFacts', 'redactText', 'redactValue',
      'resetGlobalErrorHandler', 'resolveConfig', 'retryAfterOf', 'retrying', 'setDefaultBreakerRegistry',
      'supportsEvents', 'systemClock', 'timeout', 'timerSleep', 'withCircuitBreaker',
    ]);
  });

  it('@breakwater/core/testing: the deterministic clock and random', async () => {
    expect(Object.keys(await import('./testing/index.ts')).sort()).toStrictEqual(['ManualClock', 'seededRandom']);
  });

  it('@breakwater/core/store-kit: the checks and matches every history store driver shares', async () => {
    expect(Object.keys(await import('./storeKit/index.ts')).sort()).toStrictEqual([
      'checkEvents',
      'checkRecords',
      'checkRetention',
      'checkSnapshots',
      'eventInRange',
      'matchesFilter',
      'queryLimit',
    ]);
  });
});
