import { EventStream, type Unsubscribe } from '../events/EventStream.ts';
import type { CircuitBreaker } from './CircuitBreaker.ts';

/**
 * One stream fed by many breakers, attached to them only while it has listeners, so breakers nobody watches
 * build no events. `tap` says which of a breaker's streams to follow.
 */
export class BreakerFanIn<E> {
  readonly stream: EventStream<E>;
  readonly #taps = new Map<CircuitBreaker, Unsubscribe>();
  readonly #tap: (breaker: CircuitBreaker, forward: (event: E) => void) => Unsubscribe;
  readonly #sources: () => Iterable<CircuitBreaker>;

  constructor(
    sources: () => Iterable<CircuitBreaker>,
    tap: (breaker: CircuitBreaker, forward: (event: E) => void) => Unsubscribe,
  ) {
    this.#sources = sources;
    this.#tap = tap;
    this.stream = new EventStream<E>({
      onActive: () => {
        for (const breaker of this.#sources()) this.add(breaker);
      },
      onIdle: () => {
        for (const stop of this.#taps.values()) stop();
        this.#taps.clear();
      },
    });
  }

  /** Follows a breaker that joined the registry (only while someone listens). */
  add(breaker: CircuitBreaker): void {
    if (this.stream.active && !this.#taps.has(breaker))
      this.#taps.set(
        breaker,
        this.#tap(breaker, (event) => this.stream.emit(event)),
      );
  }

  remove(breaker: CircuitBreaker): void {
    this.#taps.get(breaker)?.();
    this.#taps.delete(breaker);
  }
}
