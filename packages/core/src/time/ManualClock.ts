import { nonNegativeNumber, optionError } from '../errors/options.ts';
import type { Clock } from './Clock.ts';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
  cancel?: () => void;
}

/**
 * A clock that moves only when told to: `advance(ms)` fires due sleeps in time order, letting promise chains
 * settle between them, so code that sleeps in a loop (retries, half-open probes) runs deterministically.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = 0) {
    if (typeof start !== 'number' || !Number.isFinite(start))
      throw optionError('ManualClock', 'start', 'a finite number', start);
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sleeps still waiting for their time. */
  get pendingSleeps(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      // Like platform timers, a negative or NaN delay means "as soon as possible".
      const timer: Timer = { at: this.#now + (ms > 0 ? ms : 0), seq: this.#seq++, resolve };
      if (signal) {
        const onAbort = () => {
          this.#remove(timer);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        timer.cancel = () => signal.removeEventListener('abort', onAbort);
      }
      this.#timers.push(timer);
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });
  }

  /** Moves time forward by `ms`, firing every sleep that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    nonNegativeNumber('ManualClock.advance', 'ms', ms);
    const target = this.#now + ms;
    await settle();
    for (let next = this.#timers[0]; next && next.at <= target; next = this.#timers[0]) {
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.cancel?.();
      next.resolve();
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }

  /** Fires sleeps until none is left (at most `limit`, to catch endless loops). */
  async runAll(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await settle();
      const next = this.#timers[0];
      if (!next) return;
      if (next.at === Infinity) throw new Error('ManualClock.runAll: a sleep of Infinity ms can never fire');
      // `set()` may have moved past a sleep: it is due now.
      await this.advance(Math.max(0, next.at - this.#now));
    }
    throw new Error(`ManualClock.runAll: still ${this.#timers.length} sleeps after ${limit} steps`);
  }

  /** Sets the time directly (only forwards), without firing anything in between first. */
  set(now: number): void {
    if (typeof now !== 'number' || !Number.isFinite(now))
      throw optionError('ManualClock.set', 'now', 'a finite number', now);
    if (now < this.#now) throw new RangeError(`ManualClock.set: time may not go backwards (${now} < ${this.#now})`);
    this.#now = now;
  }

  #remove(timer: Timer): void {
    const i = this.#timers.indexOf(timer);
    if (i >= 0) this.#timers.splice(i, 1);
  }
}

/** Lets pending promise reactions run; enough rounds for the chains Breakwater builds between sleeps. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
