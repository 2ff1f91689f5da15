import type { SseMessage } from './SseMessage.ts';

/**
 * What slow readers hold back, as memory: a message waiting for several readers is one Buffer, so it counts
 * once, from the first reader that queues it until the last one lets it go.
 */
export class SseBacklog {
  #bytes = 0;

  get bytes(): number {
    return this.#bytes;
  }

  hold(message: SseMessage): void {
    if (message.holders++ === 0) this.#bytes += message.bytes;
  }

  release(message: SseMessage): void {
    if (--message.holders === 0) this.#bytes -= message.bytes;
  }
}
