// @breakwater/node/metrics — Prometheus metrics through prom-client (its own entry: only its users load prom-client).
export {
  collectBreakwaterMetrics,
  type BreakwaterMetrics,
  type BreakwaterMetricsOptions,
} from './collectBreakwaterMetrics.ts';
