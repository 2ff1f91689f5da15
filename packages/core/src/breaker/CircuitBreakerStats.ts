import type { CircuitState } from './BreakerEvent.ts';
import type { LatencyStats } from './LatencyHistogram.ts';

export interface CircuitBreakerStats {
  name: string;
  state: CircuitState;
  failureCount: number;
  failureThreshold: number;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  rejectedRequests: number;
  /** Calls let through whose error `isFailure` did not count (resilience4j's "ignored"); not in totalRequests. */
  ignoredRequests: number;
  /** Percent of counted requests that succeeded, 0-100; 0 before any request. */
  successRate: number;
  lastFailureTime: number | null;
  lastSuccessTime: number | null;
  openedAt: number | null;
  recoveryTimeoutMs: number;
  /** Durations of the timed calls (see `measureLatency`) since the breaker was made, from a bounded histogram. */
  latency: LatencyStats;
}
