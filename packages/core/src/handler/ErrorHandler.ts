import { BreakerRegistry, type BreakerSettings } from '../breaker/BreakerRegistry.ts';
import type { CircuitState } from '../breaker/BreakerEvent.ts';
import type { CircuitBreaker } from '../breaker/CircuitBreaker.ts';
import type { ClassificationRule } from '../classify/ClassificationRule.ts';
import { Classifier } from '../classify/Classifier.ts';
import type { ErrorContext } from '../classify/ErrorContext.ts';
import { fingerprintOf } from '../classify/fingerprint.ts';
import { redactText, redactValue } from '../classify/redact.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import type { RetryEngine } from '../retry/RetryEngine.ts';
import { RetryHandler } from '../retry/RetryHandler.ts';
import { retryAfterOf } from '../retry/isRetryable.ts';
import { defaultRandom, systemClock, type Clock, type Random } from '../time/Clock.ts';
import { checkConfig } from './checkConfig.ts';
import { ComponentBreakers } from './ComponentBreakers.ts';
import { resolveConfig, type ResolvedConfig } from './defaultConfig.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';
import { mergeConfig } from './mergeConfig.ts';
import { ErrorStats, type ErrorHandlerStats } from './ErrorStats.ts';
import type { ModeChangedEvent } from '../mode/ModeEvent.ts';
import type { TradingMode } from '../mode/TradingMode.ts';
import type { ErrorOutcome } from '../storage/ErrorOutcome.ts';
import type { ErrorRecord } from '../storage/ErrorRecord.ts';
import type { HandlerEvent } from './HandlerEvent.ts';
import { toOutcome, type RecoveryAction, type RecoveryOutcome, type RecoveryTools } from './RecoveryAction.ts';
import { RecoveryActionList } from './RecoveryActionList.ts';
import { ResultCache } from './ResultCache.ts';
import type { HistoryEvent } from '../storage/HistoryEvent.ts';
import type { HistoryStore } from '../storage/HistoryStore.ts';
import { ErrorHistory } from './ErrorHistory.ts';
import { HistoryWriter, type HistoryWriterOptions } from '../storage/HistoryWriter.ts';
import { readRecentHistory } from '../storage/readRecentHistory.ts';

export interface ErrorHandlerOptions {
  clock?: Clock;
  random?: Random;
  /** Replaces the default recovery actions (the config's `recovery_actions` then only tunes nothing). */
  recoveryActions?: readonly RecoveryAction[];
  /**
   * Where component breakers and `getCircuitBreaker` breakers live. Default: a registry of its own, whose
   * defaults follow the config. A given registry keeps its own defaults; breakers the handler creates in it
   * get the configured `circuitBreaker` settings.
   */
  registry?: BreakerRegistry;
  /**
   * Takes the given `registry` as the handler's own: its defaults follow the config from now on (breakers it
   * holds keep their settings). The global handler adopts the process-wide registry so.
   */
  adoptRegistry?: boolean;
  /** Where history and breaker state outlive the process; written in batches, never on the caller's path. */
  store?: HistoryStore;
  /** How records travel to the store. */
  storage?: HistoryWriterOptions;
}

export interface RestoreOptions {
  /** Records to bring back into the in-memory history. Default: `historySize` (at most 1000 per page read). */
  historyLimit?: number;
}

export interface HandleResult {
  recovered: boolean;
  /** Recovery was not tried: the component's breaker is OPEN. */
  skipped?: 'breaker-open';
  /** The action that recovered. */
  action?: string;
  outcome?: RecoveryOutcome;
}

export type { ErrorHandlerStats } from './ErrorStats.ts';

export interface HandleOptions {
  /** Where the call's last good result is cached (`handleErrors({ cache })`): lets `data_fallback` serve it. */
  cacheKey?: string;
  /**
   * The caller carries out the outcome (as `handleErrors` does) and reports what finally happened with
   * `settle()`. Without, `handle()` settles the error itself with the action's outcome.
   */
  settledByCaller?: boolean;
}

export interface SettleOptions {
  /** The action whose retry led to this attempt: the call's end decides whether it counts as a recovery. */
  retriedBy?: string;
}

/** What `handle()` settles on by itself: the action's own outcome, as its caller would carry it out. */
function settledBy(action: string, outcome: Exclude<RecoveryOutcome, { type: 'failed' }>): ErrorOutcome {
  switch (outcome.type) {
    case 'retry':
      return { type: 'retried', delayMs: outcome.delayMs, action };
    case 'fallback':
      return outcome.ageMs === undefined
        ? { type: 'fallback', action }
        : { type: 'fallback', action, ageMs: outcome.ageMs };
    case 'degrade':
      return { type: 'degraded', action };
    case 'recovered':
      return { type: 'recovered', action };
  }
}

/**
 * Turns failures into decisions: classifies what was thrown, records it (bounded history and counters), and
 * runs recovery actions by priority, gated by the component's circuit breaker. Listeners and storage never
 * sit on the caller's path: events are built only when someone subscribes.
 */
export class ErrorHandler implements Subscribable<HandlerEvent> {
  readonly breakers: BreakerRegistry;
  readonly #ownsRegistry: boolean;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #events: EventStream<HandlerEvent>;
  readonly #idPrefix: string;
  #sequence = 0;

  /** What was asked for (merged over by `configure`), and what that resolves to. */
  #input: ErrorHandlerConfig;
  #config!: ResolvedConfig;
  #classifier!: Classifier;
  #backoff!: RetryHandler;
  #cache!: ResultCache;
  readonly #customRules: ClassificationRule[] = [];
  readonly #actions: RecoveryActionList;
  #mode: TradingMode = 'live';
  #modeHeld = false;
  /** Breaker transitions and mode switches, newest last, as many as `historySize`. */
  readonly #timeline = new ErrorHistory<HistoryEvent>(0);

  readonly #stats: ErrorStats;
  readonly #writer: HistoryWriter | undefined;
  readonly #components: ComponentBreakers;
  readonly #tools: RecoveryTools;

  constructor(config: ErrorHandlerConfig = {}, options: ErrorHandlerOptions = {}) {
    this.#clock = options.clock ?? systemClock();
    this.#random = options.random ?? defaultRandom;
    // Checked here, where plain JavaScript (or a seed-format object) arrives untyped.
    const source = 'new ErrorHandler(config)';
    this.#input = checkConfig(config, source);
    const resolved = resolveConfig(this.#input, source);
    this.#ownsRegistry = options.registry === undefined || options.adoptRegistry === true;
    this.breakers = options.registry ?? new BreakerRegistry({ clock: this.#clock, defaults: resolved.circuitBreaker });
    if (options.registry && this.#ownsRegistry) options.registry.setDefaults(resolved.circuitBreaker);
    let stopForwarding: Unsubscribe | undefined;
    this.#events = new EventStream<HandlerEvent>({
      onActive: () => (stopForwarding = this.breakers.subscribe((event) => this.#emit(event))),
      onIdle: () => stopForwarding?.(),
    });
    this.#idPrefix = Math.floor(this.#random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
    this.#actions = new RecoveryActionList(options.recoveryActions);
    this.#stats = new ErrorStats(resolved.historySize, resolved.maxTrackedKeys);
    this.#components = new ComponentBreakers(this.breakers, resolved.maxTrackedKeys);
    if (options.store) {
      const writer = new HistoryWriter(options.store, this.#clock, options.storage, {
        onDrop: (count, total) => {
          if (this.#events.active) this.#emit({ type: 'store.dropped', count, total, at: this.#clock.now() });
        },
        onError: (error) => {
          if (this.#events.active) {
            const message = redactText(error instanceof Error ? error.message : String(error));
            this.#emit({ type: 'store.failed', message, at: this.#clock.now() });
          }
        },
      });
      this.#writer = writer;
    }
    // Transitions only: the breakers' calls stay untimed and event-free.
    this.breakers.onStateChange((event) => {
      this.#remember(event);
      if (this.#writer && this.breakers.has(event.name))
        this.#writer.saveBreaker(this.breakers.get(event.name).snapshot());
    });
    const handler = this;
    this.#tools = {
      clock: this.#clock,
      get backoff() {
        return handler.#backoff;
      },
      get cache() {
        return handler.#cache;
      },
      get mode() {
        return handler.#mode;
      },
      setMode: (mode, reason) => void this.setMode(mode, reason),
    };
    this.#apply(resolved);
  }

  /** The settings in force, defaults filled in. */
  get config(): ResolvedConfig {
    return this.#config;
  }

  get mode(): TradingMode {
    return this.#mode;
  }

  /** True while an operator's switch to paper trading holds (see `setMode`): automatic switches are refused. */
  get modeHeld(): boolean {
    return this.#modeHeld;
  }

  /** The clock everything here waits on (wrappers sleep on it between retries). */
  get clock(): Clock {
    return this.#clock;
  }

  /** The retry engine as configured: `handleErrors` runs its retries on it. @internal */
  get retryEngine(): RetryEngine {
    return this.#backoff;
  }

  subscribe(listener: (event: HandlerEvent) => void): Unsubscribe {
    return this.#events.subscribe(listener);
  }

  /**
   * Applies new settings now, over the ones in force (keys not given keep their value). Breaker settings
   * cannot change under live breakers, so changing them while breakers exist throws instead of being
   * silently ignored.
   */
  configure(config: ErrorHandlerConfig): void {
    const source = 'ErrorHandler.configure(config)';
    const input = mergeConfig(this.#input, checkConfig(config, source));
    const resolved = resolveConfig(input, source);
    const before = this.#config.circuitBreaker;
    const after = resolved.circuitBreaker;
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k]);
    const existing = this.breakers.all().map((b) => b.name);
    if (changed.length > 0 && existing.length > 0) {
      throw new Error(
        `ErrorHandler.configure: circuit breaker settings (${changed.join(', ')}) cannot change ` +
          `while breakers exist (${existing.join(', ')}); reset the handler first`,
      );
    }
    // A registry of our own also serves `withCircuitBreaker` (the global handler's): its defaults follow the
    // config. A registry given to us is someone else's: only breakers we create get our settings.
    if (this.#ownsRegistry) this.breakers.setDefaults(after);
    this.#input = input;
    this.#apply(resolved);
    if (this.#events.active) this.#emit({ type: 'config.changed', at: this.#clock.now() });
  }

  /**
   * Switches between live and paper trading; `reason` is shown in devtools. An operator's switch
   * (`{ manual: true }`: the panel's, a person's) wins over a hold, and a manual switch to paper is held: automatic
   * switches (recovery actions, a bot's way back to live) are refused until `releaseMode()` or a manual switch
   * to live. Returns whether the mode is now `mode`.
   */
  setMode(mode: TradingMode, reason = 'manual', options: { manual?: boolean } = {}): boolean {
    if (mode !== 'live' && mode !== 'paper')
      throw new RangeError(`ErrorHandler.setMode: mode must be "live" or "paper", got ${String(mode)}`);
    const manual = options.manual === true;
    if (!manual && this.#modeHeld) return mode === this.#mode;
    const held = manual && mode === 'paper';
    if (mode === this.#mode && held === this.#modeHeld) return true;
    const from = this.#mode;
    this.#mode = mode;
    this.#modeHeld = held;
    const event: ModeChangedEvent = { type: 'mode.changed', from, to: mode, reason, at: this.#clock.now() };
    if (held) event.held = true;
    this.#remember(event);
    this.#emit(event);
    return true;
  }

  /** Ends a hold (see `setMode`); the mode stays as it is until the next switch. Returns whether one held. */
  releaseMode(reason = 'manual'): boolean {
    if (!this.#modeHeld) return false;
    this.#modeHeld = false;
    if (this.#events.active) this.#emit({ type: 'mode.released', mode: this.#mode, reason, at: this.#clock.now() });
    return true;
  }

  /**
   * Breaker transitions and mode switches, oldest first (at most `historySize`): what happened, for a panel
   * that connects after it did. `restore()` brings back those the store kept.
   */
  recentEvents(): HistoryEvent[] {
    return this.#timeline.toArray();
  }

  /** Reads and classifies a thrown value into a redacted context (the value itself stays on `error`). */
  classify(error: unknown, operation: string, component: string, metadata?: Record<string, unknown>): ErrorContext {
    const { facts, classification } = this.#classifier.classify(error);
    const ctx: ErrorContext = {
      id: `${this.#idPrefix}-${(++this.#sequence).toString(36)}`,
      operation,
      component,
      category: classification.category,
      severity: classification.severity,
      retryable: classification.retryable,
      retryCount: 0,
      maxRetries: this.#config.maxRetries,
      timestamp: this.#clock.now(),
      name: facts.name,
      message: facts.message,
      fingerprint: fingerprintOf(facts, operation),
      metadata: metadata ? (redactValue(metadata) as Record<string, unknown>) : {},
      error,
    };
    if (classification.retryAfterMs !== undefined) ctx.retryAfterMs = classification.retryAfterMs;
    if (facts.code !== undefined) ctx.code = facts.code;
    if (facts.status !== undefined) ctx.status = facts.status;
    if (facts.stack !== undefined) ctx.stack = facts.stack;
    return ctx;
  }

  /**
   * Records `ctx`, then (unless the component's breaker is OPEN) runs the applicable recovery actions, highest
   * priority first, until one succeeds. Unrecovered errors count as failures of the component's breaker.
   */
  async handle(ctx: ErrorContext, options?: HandleOptions): Promise<HandleResult> {
    this.#record(ctx);
    const breaker = this.#componentBreaker(ctx.component);
    // The tools of this call: the shared ones, plus where its last good result lives.
    const tools: RecoveryTools =
      options?.cacheKey === undefined
        ? this.#tools
        : Object.create(this.#tools, { cacheKey: { value: options.cacheKey } });
    const own = options?.settledByCaller !== true;
    const permit = breaker.tryAcquire();
    if (!permit) {
      if (this.#events.active)
        this.#emit({
          type: 'recovery.skipped',
          errorId: ctx.id,
          component: ctx.component,
          reason: 'breaker-open',
          at: this.#clock.now(),
        });
      if (own) this.settle(ctx, { type: 'gave-up', reason: 'breaker-open' });
      return { recovered: false, skipped: 'breaker-open' };
    }
    for (const action of this.#actions.all) {
      let outcome: RecoveryOutcome;
      try {
        // A broken condition is a broken action: it fails, the next one runs, and the permit is still settled.
        if (!action.conditions.every((condition) => condition(ctx, tools))) continue;
        if (this.#events.active)
          this.#emit({ type: 'recovery.attempted', errorId: ctx.id, action: action.name, at: this.#clock.now() });
        outcome = toOutcome(await action.action(ctx, tools));
      } catch (error) {
        this.#stats.countRecovery(action.name, false);
        if (this.#events.active) {
          const message = redactText(error instanceof Error ? error.message : String(error));
          this.#emit({
            type: 'recovery.failed',
            errorId: ctx.id,
            action: action.name,
            reason: 'threw',
            message,
            at: this.#clock.now(),
          });
        }
        continue;
      }
      if (outcome.type === 'failed') {
        this.#stats.countRecovery(action.name, false);
        if (this.#events.active)
          this.#emit({
            type: 'recovery.failed',
            errorId: ctx.id,
            action: action.name,
            reason: 'failed',
            at: this.#clock.now(),
          });
        continue;
      }
      // Not counted yet: what the caller makes of the outcome is what happened (a retry may still fail).
      if (this.#events.active)
        this.#emit({
          type: 'recovery.succeeded',
          errorId: ctx.id,
          action: action.name,
          outcome: outcome.type,
          at: this.#clock.now(),
        });
      // Recovered errors are neither failures nor successes of the component: only real calls decide that.
      permit.release();
      if (own) this.settle(ctx, settledBy(action.name, outcome));
      return { recovered: true, action: action.name, outcome };
    }
    permit.failure();
    this.#components.recorded(ctx.component);
    if (own) this.settle(ctx, { type: 'gave-up' });
    return { recovered: false };
  }

  /**
   * What finally became of a recorded error (once per error): its record in history gets the outcome, goes to
   * the store, and `recoveryStats` counts it — a fallback, paper trading or a fix by an action is that action's
   * success; `retriedBy`'s retry counts as a failure when the call ends anyhow else than in its success
   * (`recordSuccess(…, { retriedBy })`). Called by `handle()` itself unless its caller settles
   * (`settledByCaller`).
   */
  settle(ctx: ErrorContext | ErrorRecord, outcome: ErrorOutcome, options: SettleOptions = {}): void {
    const { error: _dropped, ...rest } = ctx as ErrorContext;
    // Added to the rest copy before freezing it, and copied with Object.assign: spreading the copy into a new
    // literal (`{ ...rest, outcome }`) took V8's slow path, ~4 µs, most of a handle() call; a spread copy of
    // the outcome froze slower than an assigned one.
    (rest as ErrorRecord).outcome = Object.freeze(Object.assign({}, outcome));
    const record: ErrorRecord = Object.freeze(rest);
    this.#stats.replace(record);
    this.#writer?.enqueue(record);
    if (outcome.type !== 'retried') {
      const action = outcome.type === 'gave-up' ? undefined : outcome.action;
      if (action !== undefined) this.#stats.countRecovery(action, true);
      if (options.retriedBy !== undefined && options.retriedBy !== action)
        this.#stats.countRecovery(options.retriedBy, false);
    }
    if (this.#events.active)
      this.#emit({ type: 'error.settled', errorId: record.id, outcome: record.outcome!, at: this.#clock.now() });
  }

  /**
   * A call of `component` succeeded: its breaker hears of it, `value` becomes the last good result of
   * `operation` for `data_fallback`, and the action whose retry led here (`retriedBy`) counts a recovery.
   */
  recordSuccess(component: string, result?: { cacheKey: string; value: unknown }, options: SettleOptions = {}): void {
    // The retry worked: that action recovered the call.
    if (options.retriedBy !== undefined) this.#stats.countRecovery(options.retriedBy, true);
    this.#componentBreaker(component).recordSuccess();
    this.#components.recorded(component);
    if (result && this.#config.recoveryActions.data_fallback.enabled) this.#cache.set(result.cacheKey, result.value);
  }

  /** Reports that a wrapped call will run again after `delayMs` (for devtools and logs). */
  notifyRetry(ctx: ErrorContext, attempt: number, delayMs: number): void {
    if (!this.#events.active) return;
    this.#emit({
      type: 'call.retry-scheduled',
      errorId: ctx.id,
      operation: ctx.operation,
      component: ctx.component,
      attempt,
      delayMs,
      at: this.#clock.now(),
    });
  }

  /**
   * Backoff before retry `attempt + 1` as configured, or longer when the error asks for it. Says nothing of
   * whether a wait that long is acceptable: callers check the asked wait against `config.maxRetryAfterMs`.
   */
  retryDelay(attempt: number, error?: unknown): number {
    return Math.max(
      this.#backoff.calculateDelay(attempt),
      retryAfterOf(error, () => this.#clock.now()),
    );
  }

  /** Get-or-create by name (the registry behind `withCircuitBreaker`): one name, one breaker. */
  getCircuitBreaker(name: string, options?: BreakerSettings): CircuitBreaker {
    return this.#breaker(name, options);
  }

  addRecoveryAction(action: RecoveryAction): void {
    this.#actions.add(action);
  }

  /**
   * Removes an action (a default one too: it stays removed when `configure` rebuilds the defaults); returns
   * whether it existed.
   */
  removeRecoveryAction(name: string): boolean {
    return this.#actions.remove(name);
  }

  /** Recovery actions in the order they are tried. */
  get recoveryActions(): readonly RecoveryAction[] {
    return this.#actions.all;
  }

  /** Custom classification rules run before the built-in ones, in the order added. */
  addClassificationRule(rule: ClassificationRule): void {
    this.#customRules.push(rule);
    this.#classifier.addRule(rule);
  }

  /** The store given at construction, if any. */
  get store(): HistoryStore | undefined {
    return this.#writer?.store;
  }

  /**
   * Brings back what the store kept: breaker snapshots (an OPEN breaker stays OPEN for the rest of its
   * timeout) with the settings each breaker was created with, and the most recent history. Call once, before
   * the breakers are used: a breaker that already exists keeps its live state. A breaker with a user-defined
   * strategy or `isFailure` is `pending` until code registers it by name (see `BreakerRegistry.restore`).
   * Counters (stats) start afresh.
   */
  async restore(options: RestoreOptions = {}): Promise<{ records: number; breakers: string[]; pending: string[] }> {
    const store = this.#writer?.store;
    if (!store) return { records: 0, breakers: [], pending: [] };
    const restored: string[] = [];
    const pending: string[] = [];
    for (const snapshot of await store.loadBreakers()) {
      if (this.breakers.has(snapshot.name)) continue;
      // A version 1 snapshot saved no settings: it comes back with the configured ones, as before.
      const breaker = this.breakers.restore(snapshot, { settings: this.#config.circuitBreaker, clock: this.#clock });
      (breaker ? restored : pending).push(snapshot.name);
    }
    const wanted = Math.min(options.historyLimit ?? this.#config.historySize, this.#config.historySize);
    const { records, events } = await readRecentHistory(store, wanted);
    this.#stats.restoreHistory(records.reverse().map((r) => Object.freeze(r)));
    // Before anything this process saw: restored events go in first, then the ring keeps the newest.
    const seen = this.#timeline.toArray();
    this.#timeline.clear();
    for (const event of [...events.reverse(), ...seen]) this.#timeline.push(Object.freeze(event));
    const result = { records: records.length, breakers: restored, pending };
    if (this.#events.active) this.#emit({ type: 'store.restored', ...result, at: this.#clock.now() });
    return result;
  }

  /** Writes everything recorded so far (history and breaker state) to the store and waits for it. */
  async flush(): Promise<void> {
    if (!this.#writer) return;
    for (const breaker of this.breakers.all()) this.#writer.saveBreaker(breaker.snapshot());
    await this.#writer.flush();
  }

  /** Flushes and closes the store (on shutdown: Ctrl-C in a bot, `pagehide` in a browser). */
  async close(): Promise<void> {
    if (!this.#writer) return;
    await this.flush();
    await this.#writer.close();
    await this.#writer.store.close();
  }

  /** Recorded errors, oldest first, newest last (at most `historySize`); the records are frozen. */
  history(): ErrorRecord[] {
    return this.#stats.history();
  }

  stats(): ErrorHandlerStats {
    const circuitBreakerStates: Record<string, CircuitState> = {};
    for (const breaker of this.breakers.all()) circuitBreakerStates[breaker.name] = breaker.state;
    return this.#stats.snapshot(this.#clock.now(), circuitBreakerStates, this.#mode, this.#writer?.stats() ?? null);
  }

  #apply(config: ResolvedConfig): void {
    this.#config = config;
    const { maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, exponentialBase, jitter } = config;
    this.#backoff = new RetryHandler({
      maxRetries,
      baseDelayMs,
      maxDelayMs,
      maxRetryAfterMs,
      exponentialBase,
      jitter,
      clock: this.#clock,
      random: this.#random,
    });
    const classifierOptions: ConstructorParameters<typeof Classifier>[0] = {
      rules: [...config.classificationRules, ...this.#customRules],
      cacheSize: config.maxTrackedKeys,
      now: () => this.#clock.now(),
    };
    if (config.exchangeNames) classifierOptions.exchangeNames = config.exchangeNames;
    this.#classifier = new Classifier(classifierOptions);
    const fallback = config.recoveryActions.data_fallback;
    if (this.#cache) {
      this.#cache.ttlMs = fallback.cacheTtlMs;
      this.#cache.maxEntries = fallback.maxEntries;
    } else {
      this.#cache = new ResultCache({
        ttlMs: fallback.cacheTtlMs,
        maxEntries: fallback.maxEntries,
        clock: this.#clock,
      });
    }
    this.#stats.resize(config.historySize, config.maxTrackedKeys);
    if (this.#timeline.capacity !== config.historySize) this.#timeline.resize(config.historySize);
    this.#components.max = config.maxTrackedKeys;
    this.#actions.configure(config);
  }

  #componentBreaker(component: string): CircuitBreaker {
    return this.#components.get(component, this.#config.circuitBreaker);
  }

  /** Get-or-create; a breaker created here has the configured settings, `settings` over them. */
  #breaker(name: string, settings?: BreakerSettings): CircuitBreaker {
    if (this.breakers.has(name)) return this.breakers.get(name, settings);
    const merged: Record<string, unknown> = { ...this.#config.circuitBreaker };
    for (const [key, value] of Object.entries(settings ?? {})) if (value !== undefined) merged[key] = value;
    return this.breakers.get(name, merged as BreakerSettings);
  }

  /** Keeps a transition or mode switch for late viewers, and sends it to the store. */
  #remember(event: HistoryEvent): void {
    this.#timeline.push(event);
    this.#writer?.enqueueEvent(event);
  }

  #record(ctx: ErrorContext): void {
    const { error: _dropped, ...rest } = ctx;
    // Frozen: history and every listener share the record, and none of them may change what the others see.
    const record: ErrorRecord = Object.freeze(rest);
    this.#stats.record(record, this.#clock.now());
    // To the store once settled, with its outcome (see `settle`).
    if (this.#events.active) this.#emit({ type: 'error.recorded', context: record, at: ctx.timestamp });
  }

  /**
   * Where every event leaves (dropped while nobody listens). Callers that build an event only to emit it
   * check `#events.active` first, so nothing is built then either.
   */
  #emit(event: HandlerEvent): void {
    this.#events.emit(event);
  }
}
