import type { BreakerRegistry, BreakerSettings } from '../breaker/BreakerRegistry.ts';
import type { CircuitBreaker } from '../breaker/CircuitBreaker.ts';
import { RecencyList, type Linked } from './RecencyList.ts';

/** Name of the breaker shared by components past the bound. */
export const OVERFLOW_BREAKER = '(other)';

/** Busy breakers looked at again per new component past the bound when no idle one is known. */
const RECHECKS = 2;

/** Droppable: nothing would be lost with it (the next breaker of that name starts the same). */
function isIdle(breaker: CircuitBreaker): boolean {
  return breaker.state === 'CLOSED' && breaker.failureCount === 0;
}

/** A breaker created here, in the idle or the busy list. */
interface Entry extends Linked<Entry> {
  readonly name: string;
  readonly breaker: CircuitBreaker;
  idle: boolean;
}

/**
 * The handler's per-component breakers: the registry holds at most `max` breakers because of them. Past the
 * bound the least recently used idle one (CLOSED, no failures held) that the handler itself created is dropped;
 * breakers handed out by name (`getCircuitBreaker`, `withCircuitBreaker`) are never dropped, since their holders
 * keep using them. When nothing can be dropped, further components share one overflow breaker.
 *
 * Finding the breaker to drop costs O(1) amortised, however many there are: breakers wait in two lists, idle
 * ones least recently used first and busy ones least recently looked at first, and move between them when the
 * handler reports an outcome (`recorded`). Each look (`isIdle`) costs O(1), and `get` looks at most at
 *  - breakers at the front of the idle list: each look either drops it (and stops) or moves it to the busy
 *    list (a failure the handler did not hear of: recorded through a holder by name). A breaker enters the
 *    idle list only when created (at most once per `get`) or through `recorded` (at most once per call), so
 *    these looks add up to at most the number of calls made so far: O(1) amortised;
 *  - RECHECKS busy breakers, when no idle one is known: one may have become idle unheard of (a `reset()`, a
 *    success through a holder by name), and rotating through the busy list finds it within |busy| / RECHECKS
 *    new components. O(1) per call.
 * A breaker that becomes idle is taken as just used (it goes last in the idle list): exact for outcomes the
 * handler records, since it has just looked the breaker up for them.
 */
export class ComponentBreakers {
  readonly #registry: BreakerRegistry;
  readonly #entries = new Map<string, Entry>();
  /** Idle when last looked at; least recently used first. */
  readonly #idle = new RecencyList<Entry>();
  /** Busy when last looked at (OPEN, HALF_OPEN or holding failures); least recently looked at first. */
  readonly #busy = new RecencyList<Entry>();
  max: number;

  constructor(registry: BreakerRegistry, max: number) {
    this.#registry = registry;
    this.max = max;
  }

  get(component: string, settings: BreakerSettings): CircuitBreaker {
    const entry = this.#entries.get(component);
    if (entry) {
      if (entry.idle) this.#idle.touch(entry);
      return entry.breaker;
    }
    if (this.#registry.has(component)) return this.#registry.get(component);
    // One slot stays for the overflow breaker, so the registry never holds more than `max`.
    if (component === OVERFLOW_BREAKER || (this.#registry.size >= this.max - 1 && !this.#dropIdle())) {
      return this.#registry.has(OVERFLOW_BREAKER)
        ? this.#registry.get(OVERFLOW_BREAKER)
        : this.#registry.get(OVERFLOW_BREAKER, settings);
    }
    const breaker = this.#registry.get(component, settings);
    const created: Entry = { name: component, breaker, idle: true, prev: undefined, next: undefined };
    this.#entries.set(component, created);
    this.#idle.push(created);
    return breaker;
  }

  /** The handler recorded an outcome on `component`'s breaker: it may have stopped, or started, being idle. */
  recorded(component: string): void {
    const entry = this.#entries.get(component);
    if (entry && isIdle(entry.breaker) !== entry.idle) this.#move(entry);
  }

  #dropIdle(): boolean {
    for (let entry = this.#idle.oldest; entry; entry = this.#idle.oldest) {
      if (!isIdle(entry.breaker)) this.#move(entry);
      else if (this.#drop(entry)) return true;
    }
    for (let i = 0; i < RECHECKS; i++) {
      const entry = this.#busy.oldest;
      if (!entry) break;
      if (!isIdle(entry.breaker)) this.#busy.touch(entry);
      else if (this.#drop(entry)) return true;
    }
    return false;
  }

  /** Into the other list, as its newest. */
  #move(entry: Entry): void {
    (entry.idle ? this.#idle : this.#busy).remove(entry);
    entry.idle = !entry.idle;
    (entry.idle ? this.#idle : this.#busy).push(entry);
  }

  /**
   * Forgets the entry and frees its slot, unless the registry no longer lists this breaker (someone removed it,
   * or replaced it with one of their own): then there is no slot to free, and theirs stays.
   */
  #drop(entry: Entry): boolean {
    (entry.idle ? this.#idle : this.#busy).remove(entry);
    this.#entries.delete(entry.name);
    const { name, breaker } = entry;
    if (!this.#registry.has(name) || this.#registry.get(name) !== breaker) return false;
    return this.#registry.remove(name);
  }
}
