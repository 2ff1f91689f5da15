/** What a `RecencyList` links its entries through (an entry is in at most one list at a time). */
export interface Linked<T> {
  prev: T | undefined;
  next: T | undefined;
}

/**
 * Entries oldest first, with O(1) append, unlink and oldest. A `Map` (delete, then set again) cannot be this
 * queue: in V8 every deleted entry leaves a hole that each iteration from the front skips again, so reading
 * the oldest after n removals costs O(n) (measured: 175 µs per pop at 100k entries, 2 µs at 100).
 */
export class RecencyList<T extends Linked<T>> {
  #oldest: T | undefined;
  #newest: T | undefined;

  get oldest(): T | undefined {
    return this.#oldest;
  }

  /** Appends an unlinked entry as the newest. */
  push(entry: T): void {
    entry.prev = this.#newest;
    entry.next = undefined;
    if (this.#newest) this.#newest.next = entry;
    else this.#oldest = entry;
    this.#newest = entry;
  }

  /** Unlinks an entry of this list. */
  remove(entry: T): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.#oldest = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#newest = entry.prev;
    entry.prev = entry.next = undefined;
  }

  /** Moves an entry of this list to the newest end. */
  touch(entry: T): void {
    if (entry === this.#newest) return;
    this.remove(entry);
    this.push(entry);
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let entry = this.#oldest; entry; entry = entry.next) yield entry;
  }
}
