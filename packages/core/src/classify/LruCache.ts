/**
 * A bounded map that forgets the least recently used entry first. A `Map` keeps insertion order, so a hit
 * is moved to the end by delete + set and the oldest entry is always the first key.
 */
export class LruCache<K, V> {
  readonly capacity: number;
  readonly #entries = new Map<K, V>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, or `undefined`; a hit counts as a use. */
  get(key: K): V | undefined {
    const entries = this.#entries;
    const value = entries.get(key);
    if (value === undefined) return undefined;
    entries.delete(key);
    entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    const entries = this.#entries;
    if (entries.has(key)) entries.delete(key);
    else if (entries.size >= this.capacity) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(key, value);
  }

  clear(): void {
    this.#entries.clear();
  }
}
