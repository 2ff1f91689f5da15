import type { Subscribable, Unsubscribe } from '../events/EventStream.ts';
import type { Clock } from '../time/Clock.ts';
import { BreakerFanIn } from './BreakerFanIn.ts';
import type { BreakerEvent, BreakerStateEvent } from './BreakerEvent.ts';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitBreakerStats } from './CircuitBreaker.ts';

export type BreakerSettings = Omit<CircuitBreakerOptions, 'name' | 'clock'>;

const compared = ['failureThreshold', 'recoveryTimeoutMs', 'halfOpenMaxCalls', 'successThreshold'] as const;

/**
 * Breakers by name: one name is one breaker everywhere (wrappers, decorators, the error handler), and every
 * breaker's events reach the registry's subscribers (attached only while someone listens).
 */
export class BreakerRegistry implements Subscribable<BreakerEvent> {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #events = new BreakerFanIn<BreakerEvent>(() => this.#breakers.values(), (b, forward) => b.subscribe(forward));
  readonly #transitions = new BreakerFanIn<BreakerStateEvent>(() => this.#breakers.values(), (b, forward) => b.onStateChange(forward));
  #defaults: BreakerSettings;
  readonly #clock: Clock | undefined;

  constructor(options: { defaults?: BreakerSettings; clock?: Clock } = {}) {
    this.#defaults = definedOnly(options.defaults);
    this.#clock = options.clock;
  }

  /** Settings for breakers created from now on; existing breakers keep theirs (they cannot change live). */
  setDefaults(defaults: BreakerSettings): void {
    this.#defaults = definedOnly(defaults);
  }

  /**
   * Returns the breaker called `name`, creating it on first use. Asking again with settings that contradict
   * the existing breaker's is an error rather than a silent second breaker or a silently ignored setting.
   */
  get(name: string, settings?: BreakerSettings): CircuitBreaker {
    const existing = this.#breakers.get(name);
    if (existing) {
      if (settings) {
        for (const key of compared) {
          const wanted = settings[key];
          if (wanted !== undefined && wanted !== existing[key]) {
            throw new Error(`Circuit breaker "${name}" already exists with ${key} ${existing[key]}; asked for ${wanted}`);
          }
        }
      }
      return existing;
    }
    const options: CircuitBreakerOptions = { ...this.#defaults, ...definedOnly(settings), name };
    if (this.#clock) options.clock = this.#clock;
    return this.add(new CircuitBreaker(options));
  }

  /** Registers a breaker made elsewhere (e.g. restored from a snapshot); its name must be free. */
  add(breaker: CircuitBreaker): CircuitBreaker {
    if (this.#breakers.has(breaker.name)) throw new Error(`Circuit breaker "${breaker.name}" is already registered`);
    this.#breakers.set(breaker.name, breaker);
    this.#events.add(breaker);
    this.#transitions.add(breaker);
    return breaker;
  }

  has(name: string): boolean {
    return this.#breakers.has(name);
  }

  get size(): number {
    return this.#breakers.size;
  }

  /** Forgets a breaker (its holders keep a working but unlisted breaker); returns whether it was there. */
  remove(name: string): boolean {
    const breaker = this.#breakers.get(name);
    if (!breaker) return false;
    this.#breakers.delete(name);
    this.#events.remove(breaker);
    this.#transitions.remove(breaker);
    return true;
  }

  /** Breakers in creation order. */
  all(): CircuitBreaker[] {
    return [...this.#breakers.values()];
  }

  stats(): CircuitBreakerStats[] {
    return this.all().map((b) => b.stats());
  }

  /** Every event of every breaker (while subscribed, breakers time their calls to report durations). */
  subscribe(listener: (event: BreakerEvent) => void): Unsubscribe {
    return this.#events.stream.subscribe(listener);
  }

  /** State changes of every breaker only: costs the breakers' calls nothing. */
  onStateChange(listener: (event: BreakerStateEvent) => void): Unsubscribe {
    return this.#transitions.stream.subscribe(listener);
  }
}

/** `{ failureThreshold: undefined }` (an option passed through unset) must not hide the registry's default. */
function definedOnly(settings: BreakerSettings | undefined): BreakerSettings {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings ?? {})) if (value !== undefined) out[key] = value;
  return out as BreakerSettings;
}

let defaultRegistry: BreakerRegistry | undefined;
/** Whether the default registry was made by `getDefaultBreakerRegistry` (nobody installed it). */
let madeOnFirstUse = false;

/**
 * The process-wide registry wrappers use when given none, made on first use: the global error handler adopts
 * it, so a breaker made by `withCircuitBreaker` before the handler existed is one of the handler's.
 */
export function getDefaultBreakerRegistry(): BreakerRegistry {
  if (!defaultRegistry) {
    defaultRegistry = new BreakerRegistry();
    madeOnFirstUse = true;
  }
  return defaultRegistry;
}

/** Replaces the process-wide registry; returns the previous one. */
export function setDefaultBreakerRegistry(registry: BreakerRegistry | undefined): BreakerRegistry | undefined {
  const previous = defaultRegistry;
  defaultRegistry = registry;
  madeOnFirstUse = false;
  return previous;
}

/**
 * Forgets the default registry if it was made on first use or is `owned` (the global error handler's), so the
 * next use starts from an empty one; a registry installed with `setDefaultBreakerRegistry` by someone else stays.
 */
export function releaseDefaultBreakerRegistry(owned?: BreakerRegistry): void {
  if (defaultRegistry !== undefined && (madeOnFirstUse || defaultRegistry === owned)) setDefaultBreakerRegistry(undefined);
}
