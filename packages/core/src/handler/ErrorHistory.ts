import type { ErrorContext } from '../classify/ErrorContext.ts';

/** The last `capacity` error contexts (or other entries), newest last, in a ring (no shifting of a big array). */
export class ErrorHistory<T = ErrorContext> {
  #ring: Array<T | undefined>;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#ring = new Array(capacity);
  }

  get capacity(): number {
    return this.#ring.length;
  }

  get size(): number {
    return this.#size;
  }

  push(ctx: T): void {
    // `historySize: 0` keeps no history (the counters still count).
    if (this.#ring.length === 0) return;
    this.#ring[this.#next] = ctx;
    this.#next = (this.#next + 1) % this.#ring.length;
    if (this.#size < this.#ring.length) this.#size++;
  }

  /** Oldest first, newest last. */
  toArray(): T[] {
    const out: T[] = [];
    if (this.#size === 0) return out;
    const start = (this.#next - this.#size + this.#ring.length) % this.#ring.length;
    for (let i = 0; i < this.#size; i++) out.push(this.#ring[(start + i) % this.#ring.length]!);
    return out;
  }

  /** Replaces the newest entry that `matches` (searching from the newest); false when none does. */
  replace(matches: (entry: T) => boolean, next: T): boolean {
    const n = this.#ring.length;
    for (let i = 1; i <= this.#size; i++) {
      const at = (this.#next - i + n) % n;
      if (matches(this.#ring[at]!)) {
        this.#ring[at] = next;
        return true;
      }
    }
    return false;
  }

  /** Keeps the newest entries that fit a new capacity. */
  resize(capacity: number): void {
    const kept = capacity === 0 ? [] : this.toArray().slice(-capacity);
    this.#ring = new Array(capacity);
    this.#next = this.#size = 0;
    for (const ctx of kept) this.push(ctx);
  }

  clear(): void {
    this.#ring = new Array(this.#ring.length);
    this.#next = this.#size = 0;
  }
}
