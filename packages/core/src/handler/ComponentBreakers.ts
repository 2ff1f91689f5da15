import type { BreakerRegistry, BreakerSettings } from '../breaker/BreakerRegistry.ts';
import type { CircuitBreaker } from '../breaker/CircuitBreaker.ts';

/** Name of the breaker shared by components past the bound. */
export const OVERFLOW_BREAKER = '(other)';

/** Busy breakers looked at again per new component past the bound when no idle one is known. */
const RECHECKS = 2;

/** Droppable: nothing would be lost with it (the next breaker of that name starts the same). */
function isIdle(breaker: CircuitBreaker): boolean {
  return breaker.state === 'CLOSED' && breaker.failureCount === 0;
}

/**
 * The handler's per-component breakers: the registry holds at most `max` breakers because of them. Past the
 * bound the least recently used idle one (CLOSED, no failures held) that the handler itself created is dropped;
 * breakers handed out by name (`getCircuitBreaker`, `withCircuitBreaker`) are never dropped, since their holders
 * keep using them. When nothing can be dropped, further components share one overflow breaker.
 *
 * Finding the breaker to drop costs O(1) amortised, however many there are: breakers wait in two maps, idle
 * ones least recently used first and busy ones least recently looked at first, and move between them when the
 * handler reports an outcome (`recorded`). Each look (`isIdle`) costs O(1), and `get` looks at most at
 *  - breakers at the front of #idle: each look either drops it (and stops) or moves it to #busy (a failure the
 *    handler did not hear of: recorded through a holder by name). A breaker enters #idle only when created
 *    (at most once per `get`) or through `recorded` (at most once per call), so these looks add up to at most
 *    the number of calls made so far: O(1) amortised;
 *  - RECHECKS busy breakers, when no idle one is known: one may have become idle unheard of (a `reset()`, a
 *    success through a holder by name), and rotating through #busy finds it within |#busy| / RECHECKS new
 *    components. O(1) per call.
 * A breaker that becomes idle is taken as just used (it goes last in #idle): exact for outcomes the handler
 * records, since it has just looked the breaker up for them.
 */
export class ComponentBreakers {
  readonly #registry: BreakerRegistry;
  /** Created here, idle when last looked at; least recently used first. */
  readonly #idle = new Map<string, CircuitBreaker>();
  /** Created here, busy when last looked at (OPEN, HALF_OPEN or holding failures); least recently looked at first. */
  readonly #busy = new Map<string, CircuitBreaker>();
  max: number;

  constructor(registry: BreakerRegistry, max: number) {
    this.#registry = registry;
    this.max = max;
  }

  get(component: string, settings: BreakerSettings): CircuitBreaker {
    const idle = this.#idle.get(component);
    if (idle) {
      this.#idle.delete(component);
      this.#idle.set(component, idle);
      return idle;
    }
    const busy = this.#busy.get(component);
    if (busy) return busy;
    if (this.#registry.has(component)) return this.#registry.get(component);
    // One slot stays for the overflow breaker, so the registry never holds more than `max`.
    if (component === OVERFLOW_BREAKER || (this.#registry.size >= this.max - 1 && !this.#dropIdle())) {
      return this.#registry.has(OVERFLOW_BREAKER) ? this.#registry.get(OVERFLOW_BREAKER) : this.#registry.get(OVERFLOW_BREAKER, settings);
    }
    const breaker = this.#registry.get(component, settings);
    this.#idle.set(component, breaker);
    return breaker;
  }

  /** The handler recorded an outcome on `component`'s breaker: it may have stopped, or started, being idle. */
  recorded(component: string): void {
    const idle = this.#idle.get(component);
    if (idle) {
      if (isIdle(idle)) return;
      this.#idle.delete(component);
      this.#busy.set(component, idle);
      return;
    }
    const busy = this.#busy.get(component);
    if (busy && isIdle(busy)) {
      this.#busy.delete(component);
      this.#idle.set(component, busy);
    }
  }

  #dropIdle(): boolean {
    for (const [name, breaker] of this.#idle) {
      this.#idle.delete(name);
      if (isIdle(breaker)) {
        if (this.#drop(name, breaker)) return true;
      } else {
        this.#busy.set(name, breaker);
      }
    }
    for (let i = Math.min(RECHECKS, this.#busy.size); i > 0; i--) {
      const [name, breaker] = this.#busy.entries().next().value!;
      this.#busy.delete(name);
      if (isIdle(breaker)) {
        if (this.#drop(name, breaker)) return true;
      } else {
        this.#busy.set(name, breaker);
      }
    }
    return false;
  }

  /** Frees its slot, unless the registry no longer lists this breaker (someone removed it, or replaced it). */
  #drop(name: string, breaker: CircuitBreaker): boolean {
    if (!this.#registry.has(name) || this.#registry.get(name) !== breaker) return false;
    return this.#registry.remove(name);
  }
}
