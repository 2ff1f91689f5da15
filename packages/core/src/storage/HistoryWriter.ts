import type { CircuitBreakerSnapshot } from '../breaker/CircuitBreakerSnapshot.ts';
import { positiveInt, positiveNumber } from '../errors/options.ts';
import type { ErrorRecord } from './ErrorRecord.ts';
import type { Clock } from '../time/Clock.ts';
import type { HistoryEvent } from './HistoryEvent.ts';
import { supportsEvents, type HistoryStore } from './HistoryStore.ts';

export interface HistoryWriterOptions {
  /** Records per `append`. Default 100. */
  batchSize?: number;
  /** Longest a record waits before it is written. Default 1000. */
  flushIntervalMs?: number;
  /** Records waiting at most; past it the oldest unwritten ones are dropped (and counted). Default 10 000. */
  maxQueue?: number;
}

/** Counts of records; events (few) count only when dropped or failed. */
export interface HistoryWriterStats {
  queued: number;
  written: number;
  dropped: number;
  failedWrites: number;
}

export interface HistoryWriterHooks {
  /** Records were dropped because the queue was full (`total`: since the start). */
  onDrop?(count: number, total: number): void;
  /** A write failed; its records stay queued and are tried again. */
  onError?(error: unknown): void;
}

/**
 * Carries records from the handler to a store off the caller's path: `enqueue` is O(1) and never waits;
 * batches go out one `append` at a time, at `batchSize` or after `flushIntervalMs`. The queue is bounded: when
 * full it drops the oldest records not yet handed to the store, never ones being written, and counts them.
 * A failed write keeps its records queued for the next round. Breaker snapshots are coalesced by name. Breaker
 * transitions and mode switches (`enqueueEvent`) go out after the records of a round, when the store keeps events.
 */
export class HistoryWriter {
  readonly #store: HistoryStore;
  readonly #clock: Clock;
  readonly #hooks: HistoryWriterHooks;
  readonly #batchSize: number;
  readonly #intervalMs: number;
  readonly #maxQueue: number;
  #queue: ErrorRecord[] = [];
  #head = 0;
  readonly #breakers = new Map<string, CircuitBreakerSnapshot>();
  /** Transitions and mode switches waiting; undefined when the store keeps no events. Few: not batched. */
  #events: HistoryEvent[] | undefined;
  #writing: Promise<void> | undefined;
  #timer: AbortController | undefined;
  #closed = false;
  readonly #stats: HistoryWriterStats = { queued: 0, written: 0, dropped: 0, failedWrites: 0 };

  constructor(store: HistoryStore, clock: Clock, options: HistoryWriterOptions = {}, hooks: HistoryWriterHooks = {}) {
    const where = 'HistoryWriter';
    this.#store = store;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#batchSize = positiveInt(where, 'batchSize', options.batchSize ?? 100);
    this.#intervalMs = positiveNumber(where, 'flushIntervalMs', options.flushIntervalMs ?? 1000);
    this.#maxQueue = positiveInt(where, 'maxQueue', options.maxQueue ?? 10_000);
    if (supportsEvents(store)) this.#events = [];
  }

  /** Whether the store keeps breaker transitions and mode switches (`appendEvents`). */
  get keepsEvents(): boolean {
    return this.#events !== undefined;
  }

  get store(): HistoryStore {
    return this.#store;
  }

  stats(): HistoryWriterStats {
    return { ...this.#stats, queued: this.#pending() };
  }

  enqueue(record: ErrorRecord): void {
    if (this.#closed) return;
    if (this.#pending() >= this.#maxQueue) {
      this.#head++;
      this.#stats.dropped++;
      this.#hooks.onDrop?.(1, this.#stats.dropped);
    }
    this.#queue.push(record);
    if (this.#pending() >= this.#batchSize) this.#kick();
    else this.#arm();
  }

  /** Queues a transition or mode switch (ignored when the store keeps no events); bounded like records. */
  enqueueEvent(event: HistoryEvent): void {
    const events = this.#events;
    if (this.#closed || !events) return;
    if (events.length >= this.#maxQueue) {
      events.shift();
      this.#stats.dropped++;
      this.#hooks.onDrop?.(1, this.#stats.dropped);
    }
    events.push(event);
    this.#arm();
  }

  saveBreaker(snapshot: CircuitBreakerSnapshot): void {
    if (this.#closed) return;
    this.#breakers.set(snapshot.name, snapshot);
    this.#arm();
  }

  /** Writes everything queued so far (records and snapshots), then asks the store to make it durable. */
  async flush(): Promise<void> {
    this.#cancelTimer();
    while (this.#writing || this.#pending() > 0 || this.#breakers.size > 0 || this.#eventsWaiting()) {
      const before = this.#stats.failedWrites;
      await (this.#writing ?? this.#writeRound());
      // A failing store must not spin: report and stop; the records stay queued for later.
      if (this.#stats.failedWrites > before) break;
    }
    await this.#store.flush();
  }

  /** Flushes, then stops: later records are ignored. The store itself is closed by its owner. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
    this.#cancelTimer();
  }

  #eventsWaiting(): boolean {
    return (this.#events?.length ?? 0) > 0;
  }

  #pending(): number {
    return this.#queue.length - this.#head;
  }

  /** Writes soon: after `flushIntervalMs`, unless a round is already planned or running. */
  #arm(): void {
    if (this.#timer || this.#writing) return;
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(this.#intervalMs, timer.signal).then(
      () => {
        if (this.#timer === timer) this.#timer = undefined;
        this.#kick();
      },
      () => undefined, // cancelled: a flush or a full batch went first
    );
  }

  #cancelTimer(): void {
    this.#timer?.abort();
    this.#timer = undefined;
  }

  #kick(): void {
    if (this.#writing) return;
    this.#cancelTimer();
    void this.#writeRound();
  }

  /** One round: every full batch and the snapshots, one `append` at a time. Never rejects. */
  #writeRound(): Promise<void> {
    const round = (async () => {
      try {
        while (this.#pending() > 0) {
          // Out of the queue while in flight, so a drop meanwhile can only hit records not yet handed over.
          const batch = this.#queue.slice(this.#head, this.#head + this.#batchSize);
          this.#head += batch.length;
          this.#compact();
          try {
            await this.#store.append(batch);
          } catch (error) {
            this.#requeue(batch);
            this.#stats.failedWrites++;
            this.#hooks.onError?.(error);
            return;
          }
          this.#stats.written += batch.length;
        }
        const events = this.#events;
        if (events && events.length > 0) {
          const batch = events.splice(0, events.length);
          try {
            await this.#store.appendEvents!(batch);
          } catch (error) {
            // Back in front of any queued meanwhile, within the bound (the oldest go first).
            events.unshift(...batch);
            const excess = events.length - this.#maxQueue;
            if (excess > 0) {
              events.splice(0, excess);
              this.#stats.dropped += excess;
              this.#hooks.onDrop?.(excess, this.#stats.dropped);
            }
            this.#stats.failedWrites++;
            this.#hooks.onError?.(error);
            return;
          }
        }
        if (this.#breakers.size > 0) {
          const snapshots = [...this.#breakers.values()];
          this.#breakers.clear();
          try {
            await this.#store.saveBreakers(snapshots);
          } catch (error) {
            // Newer snapshots taken meanwhile win; older ones come back for the next round.
            for (const s of snapshots) if (!this.#breakers.has(s.name)) this.#breakers.set(s.name, s);
            this.#stats.failedWrites++;
            this.#hooks.onError?.(error);
          }
        }
      } finally {
        this.#writing = undefined;
        if (!this.#closed && (this.#pending() > 0 || this.#breakers.size > 0 || this.#eventsWaiting())) this.#arm();
      }
    })();
    this.#writing = round;
    return round;
  }

  /** A failed batch goes back in front; if that overflows the queue, its oldest records are dropped. */
  #requeue(batch: ErrorRecord[]): void {
    this.#queue = batch.concat(this.#queue.slice(this.#head));
    this.#head = 0;
    const excess = this.#queue.length - this.#maxQueue;
    if (excess > 0) {
      this.#head = excess;
      this.#stats.dropped += excess;
      this.#hooks.onDrop?.(excess, this.#stats.dropped);
      this.#compact();
    }
  }

  /** Drops handed-over records from the front once they are the bigger part, so the array does not grow. */
  #compact(): void {
    if (
      this.#head > 0 &&
      (this.#head === this.#queue.length || (this.#head > 1024 && this.#head * 2 > this.#queue.length))
    ) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
