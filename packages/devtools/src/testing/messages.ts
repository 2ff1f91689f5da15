// Hand-written protocol messages for the cases a recording cannot reach cheaply (huge or invalid batches).
import type {
  DevtoolsBatch,
  DevtoolsBreaker,
  DevtoolsSnapshot,
  ErrorHandlerStats,
  ErrorRecord,
  HandlerEvent,
} from '@breakwater/core';

export function breaker(name: string, overrides: Partial<DevtoolsBreaker> = {}): DevtoolsBreaker {
  return {
    name,
    state: 'CLOSED',
    failureCount: 0,
    failureThreshold: 5,
    totalRequests: 10,
    successfulRequests: 10,
    failedRequests: 0,
    rejectedRequests: 0,
    ignoredRequests: 0,
    successRate: 100,
    lastFailureTime: null,
    lastSuccessTime: null,
    openedAt: null,
    recoveryTimeoutMs: 60_000,
    isolated: false,
    retryAfterMs: null,
    ...overrides,
  };
}

export function stats(overrides: Partial<ErrorHandlerStats> = {}): ErrorHandlerStats {
  return {
    totalErrors: 0,
    errorCounts: {},
    categoryCounts: { network: 0, api: 0, data: 0, exchange: 0, strategy: 0, memory: 0, config: 0, system: 0 },
    severityCounts: { low: 0, medium: 0, high: 0, critical: 0 },
    recoveryStats: {},
    circuitBreakerStates: {},
    errorRate: 0,
    topFingerprints: [],
    mode: 'live',
    storage: null,
    ...overrides,
  };
}

export function errorRecord(n: number, overrides: Partial<ErrorRecord> = {}): ErrorRecord {
  return {
    id: `e-${n}`,
    operation: 'fetch_ticker',
    component: 'kraken',
    category: 'network',
    severity: 'medium',
    retryable: true,
    retryCount: 0,
    maxRetries: 3,
    timestamp: 1_000 + n,
    name: 'Error',
    message: `failure ${n}`,
    fingerprint: 'fp',
    metadata: {},
    ...overrides,
  };
}

export function snapshot(overrides: Partial<DevtoolsSnapshot> = {}): DevtoolsSnapshot {
  return {
    type: 'snapshot',
    version: 1,
    seq: 0,
    at: 1_000,
    breakers: [],
    stats: stats(),
    history: [],
    mode: 'live',
    config: {
      maxRetries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      exponentialBase: 2,
      jitter: true,
      circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000, halfOpenMaxCalls: 1, successThreshold: 1 },
      recoveryActions: [],
      historySize: 1000,
      maxTrackedKeys: 1000,
      exchangeNames: null,
      classificationRules: [],
    },
    ...overrides,
  };
}

export function batch(seq: number, events: HandlerEvent[] = [], overrides: Partial<DevtoolsBatch> = {}): DevtoolsBatch {
  return {
    type: 'batch',
    version: 1,
    seq,
    at: 1_000 + seq * 250,
    events,
    dropped: 0,
    breakers: [],
    stats: stats(),
    ...overrides,
  };
}
