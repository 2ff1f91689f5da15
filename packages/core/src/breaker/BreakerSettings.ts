import type { CircuitBreakerOptions } from './CircuitBreakerOptions.ts';

/** A breaker's options when it is asked for by name: the name is the key and the registry supplies the clock. */
export type BreakerSettings = Omit<CircuitBreakerOptions, 'name' | 'clock'>;
