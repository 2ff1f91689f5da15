// @breakwater/core/metrics — what Breakwater measures, for exporters (Prometheus, OpenTelemetry, your own).
export { METRIC_FAMILIES, type MetricFamily, type MetricName } from './metricFamilies.ts';
export {
  measureHandler,
  trackedRetries,
  BREAKER_STATE_LABELS,
  type Measurements,
  type Sample,
  type RetrySource,
} from './measureHandler.ts';
