import type { HandlerEvent } from '../handler/HandlerEvent.ts';

/**
 * The events waiting for the next batch: a ring of at most `maxEvents` slots holding at most `maxBytes`
 * (as `approximateJsonBytes` weighs them). A push past either bound drops the oldest first, so memory stays
 * bounded however long the batch timer is kept from firing (an awaited loop of `handle()` calls never yields
 * to it). An event heavier than `maxBytes` on its own is dropped instead of everything before it.
 */
export class FeedQueue {
  readonly #maxEvents: number;
  readonly #maxBytes: number;
  #events: Array<HandlerEvent | undefined> = [];
  #sizes: number[] = [];
  /** Slot of the oldest event. */
  #head = 0;
  #length = 0;
  #bytes = 0;

  constructor(maxEvents: number, maxBytes: number) {
    this.#maxEvents = maxEvents;
    this.#maxBytes = maxBytes;
  }

  get length(): number {
    return this.#length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Queues `event` (weighing `bytes`); returns how many events were dropped to make room (or it itself). */
  push(event: HandlerEvent, bytes: number): number {
    if (bytes > this.#maxBytes) return 1;
    let dropped = 0;
    while (this.#length > 0 && (this.#length >= this.#maxEvents || this.#bytes + bytes > this.#maxBytes)) {
      this.#shift();
      dropped++;
    }
    // Slots grow up to maxEvents and are then reused: the ring never holds more.
    const slot = (this.#head + this.#length) % this.#maxEvents;
    this.#events[slot] = event;
    this.#sizes[slot] = bytes;
    this.#length++;
    this.#bytes += bytes;
    return dropped;
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  drain(): HandlerEvent[] {
    const out: HandlerEvent[] = new Array<HandlerEvent>(this.#length);
    for (let i = 0; i < out.length; i++) out[i] = this.#events[(this.#head + i) % this.#maxEvents]!;
    this.clear();
    return out;
  }

  clear(): void {
    this.#events = [];
    this.#sizes = [];
    this.#head = 0;
    this.#length = 0;
    this.#bytes = 0;
  }

  #shift(): void {
    this.#bytes -= this.#sizes[this.#head]!;
    this.#events[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#maxEvents;
    this.#length--;
  }
}
