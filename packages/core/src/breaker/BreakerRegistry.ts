import { redactText } from '../classify/redactText.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import type { Clock } from '../time/Clock.ts';
import { RetryBudget, type RetryBudgetOptions } from '../retry/RetryBudget.ts';
import { BreakerFanIn } from './BreakerFanIn.ts';
import type {
  BreakerEvent,
  BreakerPredicateErrorEvent,
  BreakerRejectedEvent,
  BreakerStateEvent,
} from './BreakerEvent.ts';
import type { BreakerSettings } from './BreakerSettings.ts';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitBreakerStats } from './CircuitBreaker.ts';
import { checkSnapshot, stateOf, type CircuitBreakerSnapshot } from './CircuitBreakerSnapshot.ts';
import { defaultBreakers as untypedDefaults, type DefaultBreakers } from './defaultBreakers.ts';
import { contradictedSetting, settingsConflictError } from './settingsConflict.ts';

export type { BreakerSettings } from './BreakerSettings.ts';

/**
 * defaultBreakers.ts cannot name this class without an import cycle, so it types the registry as a breaker
 * source; only this module sets it, always to a BreakerRegistry.
 */
const defaultBreakers = untypedDefaults as DefaultBreakers<BreakerRegistry>;

export interface RestoreBreakerOptions {
  /** Settings for a version 1 snapshot, which saved none (registry defaults under them). */
  settings?: BreakerSettings;
  clock?: Clock;
}

/**
 * Breakers by name: one name is one breaker everywhere (wrappers, decorators, the error handler), and every
 * breaker's events reach the registry's subscribers (attached only while someone listens).
 */
export class BreakerRegistry implements Subscribable<BreakerEvent> {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #events = new BreakerFanIn<BreakerEvent>(
    () => this.#breakers.values(),
    (b, forward) => b.subscribe((event) => forward(event.type === 'breaker.predicate-error' ? redacted(event) : event)),
  );
  readonly #transitions = new BreakerFanIn<BreakerStateEvent>(
    () => this.#breakers.values(),
    (b, forward) => b.onStateChange(forward),
  );
  readonly #rejections = new BreakerFanIn<BreakerRejectedEvent>(
    () => this.#breakers.values(),
    (b, forward) => b.onRejected(forward),
  );
  readonly #added = new EventStream<CircuitBreaker>();
  #defaults: BreakerSettings;
  readonly #clock: Clock | undefined;
  /**
   * Breakers restored from a snapshot whose settings no code has asked for yet. The first `get` with
   * settings confirms them, or (a release changed them) rebuilds the breaker with the code's settings in the
   * saved state; after that, contradicting settings are an error as for any breaker.
   */
  readonly #unconfirmed = new Map<string, Clock | undefined>();
  /** Snapshots of breakers with a user-defined strategy or isFailure: applied when code registers the name. */
  readonly #pending = new Map<string, { snapshot: CircuitBreakerSnapshot; clock: Clock | undefined }>();
  readonly #budgets = new Map<string, RetryBudget>();

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
        const unconfirmed = this.#unconfirmed.has(name);
        const clock = this.#unconfirmed.get(name);
        this.#unconfirmed.delete(name);
        const key = contradictedSetting(existing, settings);
        if (key) {
          if (unconfirmed) return this.#rebuild(existing, settings, clock);
          throw settingsConflictError(existing, key, settings);
        }
        if (unconfirmed && !sameRules(existing, settings)) return this.#rebuild(existing, settings, clock);
      }
      return existing;
    }
    const pending = this.#pending.get(name);
    this.#pending.delete(name);
    const options = this.#options(name, settings);
    if (!pending) return this.add(new CircuitBreaker(options));
    // The code supplies what could not be saved; the saved settings give way to the code's.
    if (pending.clock) options.clock = pending.clock;
    return this.add(CircuitBreaker.restore(stateOf(pending.snapshot), options));
  }

  /**
   * The retry budget called `name`, made on first use (with the registry's clock unless `options` bring one):
   * every policy given it shares one budget, e.g. all calls to one exchange account. Asking again with options
   * that contradict the existing budget's is an error, as for breakers.
   */
  retryBudget(name: string, options?: RetryBudgetOptions): RetryBudget {
    const existing = this.#budgets.get(name);
    if (existing) {
      for (const key of ['ratio', 'minRetriesPerSecond', 'ttlMs'] as const) {
        const wanted = options?.[key];
        if (wanted !== undefined && wanted !== existing[key]) {
          throw new Error(`Retry budget "${name}" already exists with ${key} ${existing[key]}; asked for ${wanted}`);
        }
      }
      return existing;
    }
    const clock = options?.clock ?? this.#clock;
    const budget = new RetryBudget(clock === undefined ? { ...options } : { ...options, clock });
    this.#budgets.set(name, budget);
    return budget;
  }

  /**
   * Brings back a breaker saved with `snapshot()` (after a restart) and registers it; its name must be free.
   * A version 2 snapshot brings its own settings. One whose strategy or `isFailure` is user-defined cannot be
   * rebuilt from data: it stays pending (see `pending`) until code registers the name with `get`, and this
   * returns `undefined`.
   */
  restore(snapshot: CircuitBreakerSnapshot, options: RestoreBreakerOptions = {}): CircuitBreaker | undefined {
    checkSnapshot(snapshot);
    const name = snapshot.name;
    if (this.#breakers.has(name)) throw new Error(`Circuit breaker "${name}" is already registered`);
    const clock = options.clock ?? this.#clock;
    if (snapshot.version === 2) {
      const { strategies, isFailure } = snapshot.settings;
      if (isFailure === 'custom' || strategies?.some((s) => s.kind === 'custom')) {
        this.#pending.set(name, { snapshot, clock });
        return undefined;
      }
    }
    const base = snapshot.version === 1 ? { ...this.#defaults, ...definedOnly(options.settings) } : {};
    const breaker = this.add(CircuitBreaker.restore(snapshot, clock ? { ...base, clock } : base));
    this.#unconfirmed.set(name, clock);
    return breaker;
  }

  /** Names of restored snapshots waiting for code to register their breaker (user-defined strategy or isFailure). */
  get pending(): string[] {
    return [...this.#pending.keys()];
  }

  #options(name: string, settings: BreakerSettings | undefined): CircuitBreakerOptions {
    const options: CircuitBreakerOptions = { ...this.#defaults, ...definedOnly(settings), name };
    if (this.#clock) options.clock = this.#clock;
    return options;
  }

  /** Replaces a restored breaker nobody has confirmed by one with the code's settings, in the same state. */
  #rebuild(existing: CircuitBreaker, settings: BreakerSettings, clock: Clock | undefined): CircuitBreaker {
    const options = this.#options(existing.name, settings);
    if (clock) options.clock = clock;
    const rebuilt = CircuitBreaker.restore(stateOf(existing.snapshot()), options);
    this.remove(existing.name);
    return this.add(rebuilt);
  }

  /** Registers a breaker made elsewhere (e.g. restored from a snapshot); its name must be free. */
  add(breaker: CircuitBreaker): CircuitBreaker {
    if (this.#breakers.has(breaker.name)) throw new Error(`Circuit breaker "${breaker.name}" is already registered`);
    this.#breakers.set(breaker.name, breaker);
    this.#pending.delete(breaker.name);
    this.#events.add(breaker);
    this.#transitions.add(breaker);
    this.#rejections.add(breaker);
    if (this.#added.active) this.#added.emit(breaker);
    return breaker;
  }

  /**
   * Each breaker registered from now on (created by `get`, restored, rebuilt, added), as it joins: for what
   * attaches to every breaker of a registry, such as breakers shared across processes.
   */
  onAdd(listener: (breaker: CircuitBreaker) => void): Unsubscribe {
    return this.#added.subscribe(listener);
  }

  has(name: string): boolean {
    return this.#breakers.has(name);
  }

  get size(): number {
    return this.#breakers.size;
  }

  /** Forgets a breaker (its holders keep a working but unlisted breaker); returns whether it was there. */
  remove(name: string): boolean {
    this.#unconfirmed.delete(name);
    const breaker = this.#breakers.get(name);
    if (!breaker) return false;
    this.#breakers.delete(name);
    this.#events.remove(breaker);
    this.#transitions.remove(breaker);
    this.#rejections.remove(breaker);
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

  /** Refused calls of every breaker only: costs the admitted calls nothing. */
  onRejected(listener: (event: BreakerRejectedEvent) => void): Unsubscribe {
    return this.#rejections.stream.subscribe(listener);
  }
}

/**
 * A predicate's error as the registry passes it on: its text is the user's and may quote a secret, and from
 * here it reaches the handler's listeners and the devtools feed, so it is redacted here rather than by every
 * breaker (which keeps the secret rules out of an app that only uses breakers).
 */
function redacted(event: BreakerPredicateErrorEvent): BreakerPredicateErrorEvent {
  return { ...event, message: redactText(event.message) };
}

/** Whether code asking with `settings` wants the strategies and predicate a restored breaker already has. */
function sameRules(breaker: CircuitBreaker, settings: BreakerSettings): boolean {
  if (settings.isFailure !== undefined) return false;
  const saved = breaker.snapshot().settings.strategies;
  const wanted = settings.strategies?.map((s) => s.toSpec?.() ?? { kind: 'custom' }) ?? null;
  return JSON.stringify(saved) === JSON.stringify(wanted);
}

/** `{ failureThreshold: undefined }` (an option passed through unset) must not hide the registry's default. */
function definedOnly(settings: BreakerSettings | undefined): BreakerSettings {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings ?? {})) if (value !== undefined) out[key] = value;
  return out as BreakerSettings;
}

/**
 * The process-wide registry wrappers use when given none, made on first use: the global error handler adopts
 * it, so a breaker made by `withCircuitBreaker` before the handler existed is one of the handler's.
 */
export function getDefaultBreakerRegistry(): BreakerRegistry {
  if (!defaultBreakers.registry) {
    const registry = new BreakerRegistry();
    // Breakers `withCircuitBreaker` made before anyone asked for a registry were this one's all along.
    for (const breaker of defaultBreakers.early?.breakers.values() ?? []) registry.add(breaker);
    defaultBreakers.early = undefined;
    defaultBreakers.registry = registry;
    defaultBreakers.madeOnFirstUse = true;
  }
  return defaultBreakers.registry;
}

/** Replaces the process-wide registry; returns the previous one. */
export function setDefaultBreakerRegistry(registry: BreakerRegistry | undefined): BreakerRegistry | undefined {
  const previous = defaultBreakers.early ? getDefaultBreakerRegistry() : defaultBreakers.registry;
  defaultBreakers.registry = registry;
  defaultBreakers.madeOnFirstUse = false;
  return previous;
}

/**
 * Forgets the default registry if it was made on first use or is `owned` (the global error handler's), so the
 * next use starts from an empty one; a registry installed with `setDefaultBreakerRegistry` by someone else stays.
 */
export function releaseDefaultBreakerRegistry(owned?: BreakerRegistry): void {
  // Early breakers are those of a registry that would have been made on first use.
  defaultBreakers.early = undefined;
  const registry = defaultBreakers.registry;
  if (registry !== undefined && (defaultBreakers.madeOnFirstUse || registry === owned))
    setDefaultBreakerRegistry(undefined);
}
