// @breakwater/core/otel — Breakwater's metrics on the OpenTelemetry API (optional peer: @opentelemetry/api).
export {
  instrumentBreakwater,
  type BreakwaterOtelOptions,
  type BreakwaterInstrumentation,
} from './instrumentBreakwater.ts';
