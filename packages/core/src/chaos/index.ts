// @breakwater/core/chaos — fault injection (Polly's Simmy for TypeScript): faults, latency, replaced results.
export { chaosPolicy, type ChaosPolicy, type ChaosOptions, type ChaosKind } from './ChaosPolicy.ts';
export { chaosFault, type ChaosFaultOptions } from './chaosFault.ts';
export { chaosLatency, type ChaosLatencyOptions } from './chaosLatency.ts';
export { chaosOutcome, type ChaosOutcomeOptions } from './chaosOutcome.ts';
