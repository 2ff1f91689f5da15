/**
 * The last few batches, already encoded, so a client that reconnects with `Last-Event-ID: n` gets exactly the
 * batches after `n` instead of a whole snapshot. It only answers when that is safe: `n` must be a batch this
 * feed sent while it was being watched (events while nobody watched were never batched, so a client from
 * before such a gap missed changes no batch describes), and every batch after `n` must still be here.
 */
export class ReplayLog<T = string> {
  readonly #capacity: number;
  #entries: Array<{ seq: number; message: T }> = [];
  /** Smallest `Last-Event-ID` that can resume. */
  #floor: number;

  /** `seq`: the feed's sequence number now; nothing up to it can resume (it was not watched). */
  constructor(capacity: number, seq: number) {
    this.#capacity = capacity;
    this.#floor = seq + 1;
  }

  /** Keeps an encoded batch (`seq` one more than the previous one's). */
  add(seq: number, message: T): void {
    if (this.#capacity === 0) return;
    this.#entries.push({ seq, message });
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }

  /** Nobody watches from `seq` on: what happens next is never batched, so resuming stops before it. */
  breakAt(seq: number): void {
    this.#entries = [];
    this.#floor = seq + 1;
  }

  /**
   * The batches after `lastId`, oldest first (none when it is `current`), or undefined when the client must
   * start over from a snapshot: an id from before a gap, from the future (another process), or too old.
   */
  since(lastId: number, current: number): T[] | undefined {
    if (!Number.isSafeInteger(lastId) || lastId < this.#floor || lastId > current) return undefined;
    if (lastId === current) return [];
    const first = this.#entries[0];
    if (!first || first.seq > lastId + 1) return undefined;
    return this.#entries.filter((e) => e.seq > lastId).map((e) => e.message);
  }
}
