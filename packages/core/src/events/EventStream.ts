import { EventEmitter } from 'eventemitter3';

/** Stops a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

export interface StreamHooks {
  onActive?: () => void;
  onIdle?: () => void;
}

/** Anything that can be watched: `subscribe(listener)` returns the way to stop. */
export interface Subscribable<E> {
  subscribe(listener: (event: E) => void): Unsubscribe;
}

/**
 * A private, typed event channel. Owners keep it private and expose `subscribe`; `active` lets hot paths
 * skip building an event when nobody listens, so observability costs nothing by default.
 */
export class EventStream<E> implements Subscribable<E> {
  readonly #emitter = new EventEmitter<{ event: [event: E] }>();
  readonly #hooks: StreamHooks;
  #count = 0;
  #emitting = false;
  readonly #queue: E[] = [];

  /** `hooks` run on the first subscription and after the last one ends (attach upstream lazily). */
  constructor(hooks: StreamHooks = {}) {
    this.#hooks = hooks;
  }

  /** True while at least one listener is subscribed. */
  get active(): boolean {
    return this.#count > 0;
  }

  subscribe(listener: (event: E) => void): Unsubscribe {
    // Wrapped so the same function subscribed twice is two subscriptions, each removed on its own, and so a
    // throwing listener cannot break the caller's path: like EventTarget, its error is reported
    // asynchronously (an uncaught error, never swallowed) and the other listeners still run.
    const own = (event: E) => {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    };
    this.#emitter.on('event', own);
    if (this.#count++ === 0) this.#hooks.onActive?.();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#emitter.off('event', own);
      if (--this.#count === 0) this.#hooks.onIdle?.();
    };
  }

  /**
   * Delivers `event` to every listener. An event emitted by a listener (a state change it caused) is queued
   * until the current one has reached everybody, so all listeners see events in the same order.
   */
  emit(event: E): void {
    if (this.#count === 0) return;
    if (this.#emitting) {
      this.#queue.push(event);
      return;
    }
    this.#emitting = true;
    try {
      this.#emitter.emit('event', event);
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift())
        this.#emitter.emit('event', next);
    } finally {
      this.#emitting = false;
    }
  }
}
