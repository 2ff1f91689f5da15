import type { Clock } from '../time/Clock.ts';

interface Entry {
  value: unknown;
  storedAt: number;
}

/**
 * Last good result per key, for at most `ttlMs`, holding at most `maxEntries` keys (least recently stored
 * goes first). Feeds the `data_fallback` recovery action with last-known-good market data.
 */
export class ResultCache {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  ttlMs: number;
  maxEntries: number;

  constructor(options: { ttlMs: number; maxEntries: number; clock: Clock }) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.#clock = options.clock;
  }

  get size(): number {
    return this.#entries.size;
  }

  set(key: string, value: unknown): void {
    this.#entries.delete(key); // re-insert so Map order is storage recency
    this.#entries.set(key, { value, storedAt: this.#clock.now() });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The value and its age, or undefined when absent or older than the TTL (then it is dropped). */
  get(key: string): { value: unknown; ageMs: number } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const ageMs = this.#clock.now() - entry.storedAt;
    if (ageMs > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return { value: entry.value, ageMs };
  }

  clear(): void {
    this.#entries.clear();
  }
}
