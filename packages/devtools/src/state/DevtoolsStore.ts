import { systemClock, type Clock, type DevtoolsCommand, type DevtoolsMessage } from '@breakwater/core';
import { isProtocolError, parseDevtoolsMessage } from '@breakwater/core/protocol';
import type { DevtoolsSource } from '../sources/DevtoolsSource.ts';
import { applyBatch, applySnapshot } from './applyMessage.ts';
import {
  DEFAULT_LIMITS,
  initialState,
  type ConnectionState,
  type DevtoolsLimits,
  type DevtoolsState,
} from './DevtoolsState.ts';

export interface DevtoolsStoreOptions {
  limits?: Partial<DevtoolsLimits>;
  /** The panel's time (connection changes, countdowns). Default: the system clock. */
  clock?: Clock;
  /**
   * When listeners hear of changes. Messages are applied at once, but listeners (React) are told once per
   * `schedule` turn, so a burst of messages (a resumed stream catching up) is one render. Default: the next
   * animation frame where there is one, else a 16 ms timer. Tests pass `(flush) => flush()`.
   */
  schedule?: (flush: () => void) => void;
}

function defaultSchedule(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the panel knows, framework-agnostic: sources feed it messages (validated here: whatever arrives is
 * `unknown` until the protocol schema says otherwise) and React reads it with
 * `useSyncExternalStore(store.subscribe, store.getSnapshot)`. Every part of the state is bounded by `limits`.
 */
export class DevtoolsStore {
  readonly limits: Readonly<DevtoolsLimits>;
  readonly clock: Clock;
  readonly #schedule: (flush: () => void) => void;
  readonly #listeners = new Set<() => void>();
  #state: DevtoolsState;
  #scheduled = false;

  constructor(options: DevtoolsStoreOptions = {}) {
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
    for (const [key, value] of Object.entries(this.limits)) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`DevtoolsStore: limits.${key} must be a positive integer, got ${String(value)}`);
    }
    this.clock = options.clock ?? systemClock();
    this.#schedule = options.schedule ?? defaultSchedule;
    this.#state = initialState(this.clock.now());
  }

  /** The current state; the same object until something changed. */
  getSnapshot = (): DevtoolsState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    const own = () => listener(); // the same function twice is two subscriptions
    this.#listeners.add(own);
    return () => this.#listeners.delete(own);
  };

  /**
   * A message from a source: JSON text or already parsed. One that fails validation is reported in the
   * state (`protocolErrors`) and changes nothing else; it never throws.
   */
  receive(data: unknown): void {
    let message: DevtoolsMessage;
    try {
      message = parseDevtoolsMessage(typeof data === 'string' ? parseJson(data) : data);
    } catch (error) {
      this.#problem(isProtocolError(error) ? error.message : `Invalid devtools message: ${describe(error)}`);
      return;
    }
    const now = this.clock.now();
    try {
      this.#set(
        message.type === 'snapshot'
          ? applySnapshot(this.#state, message, now, this.limits)
          : applyBatch(this.#state, message, now, this.limits),
      );
    } catch (error) {
      // A valid message the panel cannot apply is a panel bug; it is shown, and the panel carries on.
      this.#problem(`Devtools panel could not apply ${message.type} ${message.seq}: ${describe(error)}`);
    }
  }

  setConnection(state: ConnectionState, detail: string | null = null): void {
    const current = this.#state.connection;
    if (current.state === state && current.detail === detail) return;
    this.#set({ ...this.#state, connection: { state, detail, since: this.clock.now() } });
  }

  reportCommandFailure(command: DevtoolsCommand, error: unknown): void {
    this.#set({ ...this.#state, commandFailure: { at: this.clock.now(), command, message: describe(error) } });
  }

  clearCommandFailure(): void {
    if (this.#state.commandFailure !== null) this.#set({ ...this.#state, commandFailure: null });
  }

  /** Feeds this store from `source` until the returned function is called (which marks it closed). */
  connect(source: DevtoolsSource): () => void {
    const stop = source.connect(
      (data) => this.receive(data),
      (state, detail) => this.setConnection(state, detail ?? null),
    );
    let done = false;
    return () => {
      if (done) return;
      done = true;
      stop();
      this.setConnection('closed');
    };
  }

  #problem(message: string): void {
    const state = this.#state;
    const problem = { at: this.clock.now(), message };
    this.#set({
      ...state,
      protocolErrors: [problem, ...state.protocolErrors.slice(0, this.limits.protocolErrors - 1)],
      protocolErrorCount: state.protocolErrorCount + 1,
    });
  }

  #set(next: DevtoolsState): void {
    if (next === this.#state) return;
    this.#state = next;
    if (this.#scheduled || this.#listeners.size === 0) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      for (const listener of [...this.#listeners]) listener();
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${describe(error)})`);
  }
}
