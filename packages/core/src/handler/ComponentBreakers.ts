import type { BreakerRegistry, BreakerSettings } from '../breaker/BreakerRegistry.ts';
import type { CircuitBreaker } from '../breaker/CircuitBreaker.ts';

/** Name of the breaker shared by components past the bound. */
export const OVERFLOW_BREAKER = '(other)';

/**
 * The handler's per-component breakers: the registry holds at most `max` breakers because of them. Past the bound the least recently used idle
 * one (CLOSED, no failures held) that the handler itself created is dropped; breakers handed out by name
 * (`getCircuitBreaker`, `withCircuitBreaker`) are never dropped, since their holders keep using them. When
 * nothing can be dropped, further components share one overflow breaker.
 */
export class ComponentBreakers {
  readonly #registry: BreakerRegistry;
  /** Created here, least recently used first. */
  readonly #created = new Map<string, CircuitBreaker>();
  max: number;

  constructor(registry: BreakerRegistry, max: number) {
    this.#registry = registry;
    this.max = max;
  }

  get(component: string, settings: BreakerSettings): CircuitBreaker {
    const mine = this.#created.get(component);
    if (mine) {
      this.#created.delete(component);
      this.#created.set(component, mine);
      return mine;
    }
    if (this.#registry.has(component)) return this.#registry.get(component);
    // One slot stays for the overflow breaker, so the registry never holds more than `max`.
    if (this.#registry.size >= this.max - 1 && !this.#dropIdle()) {
      return this.#registry.has(OVERFLOW_BREAKER) ? this.#registry.get(OVERFLOW_BREAKER) : this.#create(OVERFLOW_BREAKER, settings);
    }
    return this.#create(component, settings);
  }

  #create(name: string, settings: BreakerSettings): CircuitBreaker {
    const breaker = this.#registry.get(name, settings);
    this.#created.set(name, breaker);
    return breaker;
  }

  #dropIdle(): boolean {
    for (const [name, breaker] of this.#created) {
      if (name === OVERFLOW_BREAKER || breaker.state !== 'CLOSED' || breaker.failureCount > 0) continue;
      this.#created.delete(name);
      this.#registry.remove(name);
      return true;
    }
    return false;
  }
}
