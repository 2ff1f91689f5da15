// What the banner says, from the handler's event stream: the trading mode (and the cause that switched it), the
// exchange's trouble as classified errors name it (steadied by CauseHysteresis), and breakers that are open.
// No React here.
import type { ErrorHandler, HandlerEvent, TradingMode } from '@breakwater/core';
import { CauseHysteresis, type HysteresisOptions } from './CauseHysteresis.ts';
import { exchangeCause, type ExchangeCause } from './exchangeCause.ts';

export interface OpenBreaker {
  name: string;
  /** Handler-clock ms when it may half-open. */
  until: number;
}

export interface ExchangeStatus {
  mode: TradingMode;
  modeReason: string | undefined;
  /** The cause of the error that switched to paper mode; undefined when switched by hand (or live). */
  paperCause: ExchangeCause | undefined;
  /** The exchange's trouble once it has held (see {@link CauseHysteresis}); undefined when all is well. */
  cause: ExchangeCause | undefined;
  openBreakers: readonly OpenBreaker[];
}

export interface StatusModelOptions {
  hysteresis?: Partial<HysteresisOptions>;
}

/** Follows a handler's events into an {@link ExchangeStatus}; `subscribe`/`getSnapshot` fit useSyncExternalStore. */
export class StatusModel {
  readonly #handler: ErrorHandler;
  readonly #listeners = new Set<() => void>();
  readonly #recoveryTimeoutMs: number;
  readonly #causes: CauseHysteresis;
  /** The error recorded last, and its cause. */
  #last: { id: string; cause: ExchangeCause | undefined } | undefined;
  /** While `exchange_fallback` runs for an error: that error's cause (a switch to paper now is for it). */
  #fallingBackFor: ExchangeCause | undefined;
  #status: ExchangeStatus;
  #stop: (() => void) | undefined;

  constructor(handler: ErrorHandler, options: StatusModelOptions = {}) {
    this.#handler = handler;
    this.#recoveryTimeoutMs = handler.config.circuitBreaker.recoveryTimeoutMs;
    this.#causes = new CauseHysteresis(options.hysteresis);
    this.#status = {
      mode: handler.mode,
      modeReason: undefined,
      paperCause: undefined,
      cause: undefined,
      openBreakers: openNow(handler),
    };
  }

  getSnapshot = (): ExchangeStatus => this.#status;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#stop ??= this.#handler.subscribe((event) => this.#on(event));
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#stop?.();
        this.#stop = undefined;
      }
    };
  };

  #on(event: HandlerEvent): void {
    const s = this.#status;
    switch (event.type) {
      case 'error.recorded': {
        const cause = exchangeCause(event.context);
        this.#last = { id: event.context.id, cause };
        if (cause && this.#causes.failure(cause, event.at)) this.#set({ ...s, cause: this.#causes.shown });
        return;
      }
      case 'breaker.call':
        // The handler reports each successful wrapped call to its component's breaker.
        if (event.outcome === 'success' && this.#causes.success(event.at))
          this.#set({ ...s, cause: this.#causes.shown });
        return;
      case 'recovery.attempted':
        this.#fallingBackFor =
          event.action === 'exchange_fallback' && this.#last?.id === event.errorId ? this.#last.cause : undefined;
        return;
      case 'recovery.succeeded':
      case 'recovery.failed':
        this.#fallingBackFor = undefined;
        return;
      case 'mode.changed':
        this.#set({
          ...s,
          mode: event.to,
          modeReason: event.reason,
          paperCause: event.to === 'paper' ? this.#fallingBackFor : undefined,
        });
        return;
      case 'breaker.state': {
        const others = s.openBreakers.filter((b) => b.name !== event.name);
        const openBreakers =
          event.to === 'OPEN' ? [...others, { name: event.name, until: event.at + this.#recoveryTimeoutMs }] : others;
        this.#set({ ...s, openBreakers });
        return;
      }
      default:
        return;
    }
  }

  #set(status: ExchangeStatus): void {
    this.#status = status;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** Breakers already OPEN (restored from the store after a reload): their events came before we listened. */
function openNow(handler: ErrorHandler): OpenBreaker[] {
  const now = handler.clock.now();
  return handler.breakers
    .all()
    .filter((b) => b.state === 'OPEN' && b.retryAfterMs !== undefined)
    .map((b) => ({ name: b.name, until: now + b.retryAfterMs! }));
}
