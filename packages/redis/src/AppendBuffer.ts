import { randomUUID } from 'node:crypto';

/** One batch as the append script takes it: `idMs, json` pairs, with a fresh id so a resend is a no-op. */
export interface PendingBatch {
  readonly id: string;
  /** `[idMs0, json0, idMs1, json1, …]` */
  args: string[];
}

/**
 * The records accepted but not yet in Redis, oldest first, bounded by a count of records. When full it drops the
 * oldest records not in flight (the head batch while a write of it is running), the rule of `HistoryWriter`.
 */
export class AppendBuffer {
  readonly #max: number;
  readonly #batches: PendingBatch[] = [];
  #records = 0;

  constructor(maxRecords: number) {
    this.#max = maxRecords;
  }

  get records(): number {
    return this.#records;
  }

  get head(): PendingBatch | undefined {
    return this.#batches[0];
  }

  /** Adds a batch; resolves to how many records were dropped to make room. */
  push(args: string[], headInFlight: boolean): number {
    this.#batches.push({ id: randomUUID(), args });
    this.#records += args.length / 2;
    let dropped = 0;
    const first = headInFlight ? 1 : 0;
    while (this.#records > this.#max && this.#batches.length > first) {
      const oldest = this.#batches[first]!;
      const excess = this.#records - this.#max;
      const n = oldest.args.length / 2;
      if (n <= excess) {
        this.#batches.splice(first, 1);
        this.#records -= n;
        dropped += n;
      } else {
        // Same id: if an earlier try of the whole batch did run on the server, its tail is in Redis already.
        oldest.args = oldest.args.slice(excess * 2);
        this.#records -= excess;
        dropped += excess;
      }
    }
    return dropped;
  }

  /** The head batch is in Redis. */
  shift(): number {
    const batch = this.#batches.shift();
    const n = batch ? batch.args.length / 2 : 0;
    this.#records -= n;
    return n;
  }
}
