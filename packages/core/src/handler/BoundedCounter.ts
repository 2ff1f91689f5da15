/** Key under which counts of keys beyond the bound are kept, so totals still add up. */
export const OTHER_KEY = '(other)';

/**
 * Counts by key with at most `maxKeys` keys. New keys past the bound are counted under `(other)` rather than
 * dropped, so the per-key counts always sum to the total (the seed's counts disagreed with its total).
 */
export class BoundedCounter {
  readonly #counts = new Map<string, number>();
  maxKeys: number;

  constructor(maxKeys: number) {
    this.maxKeys = maxKeys;
  }

  increment(key: string, by = 1): void {
    const current = this.#counts.get(key);
    if (current !== undefined) this.#counts.set(key, current + by);
    else if (this.#counts.size < this.maxKeys) this.#counts.set(key, by);
    else this.#counts.set(OTHER_KEY, (this.#counts.get(OTHER_KEY) ?? 0) + by);
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  get size(): number {
    return this.#counts.size;
  }

  toObject(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /** The `n` largest counts, largest first (ties by first seen), without the overflow bucket. */
  top(n: number): Array<{ key: string; count: number }> {
    return [...this.#counts]
      .filter(([key]) => key !== OTHER_KEY)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }

  clear(): void {
    this.#counts.clear();
  }
}
