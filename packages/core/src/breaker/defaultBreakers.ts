import type { BreakerSettings } from './BreakerSettings.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import { contradictedSetting, settingsConflictError } from './settingsConflict.ts';

/** What a wrapper needs of the place its breakers live: the one breaker of a name. */
export interface BreakerSource {
  get(name: string, settings?: BreakerSettings): CircuitBreaker;
}

/**
 * Breakers made by name before any registry existed: what the default registry would hold had it been made
 * on first use. Only `getDefaultBreakerRegistry` makes that registry (handing it these breakers, in creation
 * order), so an app that uses `withCircuitBreaker` but never a registry does not bundle one.
 */
class EarlyBreakers implements BreakerSource {
  readonly breakers = new Map<string, CircuitBreaker>();

  get(name: string, settings?: BreakerSettings): CircuitBreaker {
    const existing = this.breakers.get(name);
    if (existing) {
      const key = settings && contradictedSetting(existing, settings);
      if (key) throw settingsConflictError(existing, key, settings);
      return existing;
    }
    // A fresh registry has no defaults and no clock: the breaker's own defaults apply (unset is default).
    const breaker = new CircuitBreaker({ ...settings, name });
    this.breakers.set(name, breaker);
    return breaker;
  }
}

/**
 * The process-wide default behind `withCircuitBreaker`: the registry installed or made (see
 * `getDefaultBreakerRegistry`), or else the breakers made before it. Never both: making or installing a
 * registry ends the early breakers.
 */
export const defaultBreakers: DefaultBreakers = { registry: undefined, madeOnFirstUse: false, early: undefined };

/** The shape of `defaultBreakers`; BreakerRegistry.ts narrows `Registry` to its class. */
export interface DefaultBreakers<Registry extends BreakerSource = BreakerSource> {
  registry: Registry | undefined;
  /** Whether `registry` was made by `getDefaultBreakerRegistry` (nobody installed it). */
  madeOnFirstUse: boolean;
  early: EarlyBreakers | undefined;
}

/** Where `withCircuitBreaker` finds a breaker when given no registry. */
export function defaultBreakerSource(): BreakerSource {
  return defaultBreakers.registry ?? (defaultBreakers.early ??= new EarlyBreakers());
}
