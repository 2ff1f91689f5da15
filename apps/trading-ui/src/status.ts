// What the banner says, from the handler's event stream: the trading mode (and why), a scheduled retry (and
// whether a rate limit asked for it), and breakers that are open. No React here.
import type { ErrorHandler, ErrorRecord, HandlerEvent, TradingMode } from '@breakwater/core';

export interface RetryInfo {
  operation: string;
  /** Handler-clock ms when the retry runs. */
  until: number;
  rateLimited: boolean;
}

export interface OpenBreaker {
  name: string;
  /** Handler-clock ms when it may half-open. */
  until: number;
}

export interface ExchangeStatus {
  mode: TradingMode;
  modeReason: string | undefined;
  /** The reason of the switch to paper names a maintenance. */
  maintenance: boolean;
  retry: RetryInfo | undefined;
  openBreakers: readonly OpenBreaker[];
}

const RECENT_ERRORS = 64;

export function isRateLimitRecord(record: Pick<ErrorRecord, 'status' | 'name' | 'message'> | undefined): boolean {
  if (!record) return false;
  return record.status === 429 || record.name === 'RateLimitExceeded' || record.name === 'DDoSProtection' || /\brate limit/i.test(record.message);
}

/** Follows a handler's events into an {@link ExchangeStatus}; `subscribe`/`getSnapshot` fit useSyncExternalStore. */
export class StatusModel {
  readonly #handler: ErrorHandler;
  readonly #recent = new Map<string, ErrorRecord>();
  readonly #listeners = new Set<() => void>();
  readonly #recoveryTimeoutMs: number;
  #status: ExchangeStatus;
  #stop: (() => void) | undefined;

  constructor(handler: ErrorHandler) {
    this.#handler = handler;
    this.#recoveryTimeoutMs = handler.config.circuitBreaker.recoveryTimeoutMs;
    this.#status = { mode: handler.mode, modeReason: undefined, maintenance: false, retry: undefined, openBreakers: [] };
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
      case 'error.recorded':
        this.#recent.set(event.context.id, event.context);
        if (this.#recent.size > RECENT_ERRORS) this.#recent.delete(this.#recent.keys().next().value!);
        return;
      case 'call.retry-scheduled':
        this.#set({
          ...s,
          retry: { operation: event.operation, until: event.at + event.delayMs, rateLimited: isRateLimitRecord(this.#recent.get(event.errorId)) },
        });
        return;
      case 'mode.changed':
        this.#set({ ...s, mode: event.to, modeReason: event.reason, maintenance: event.to === 'paper' && /maintenance/i.test(event.reason) });
        return;
      case 'breaker.state': {
        const others = s.openBreakers.filter((b) => b.name !== event.name);
        const openBreakers = event.to === 'OPEN' ? [...others, { name: event.name, until: event.at + this.#recoveryTimeoutMs }] : others;
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
