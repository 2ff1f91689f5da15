import type { Writable } from 'node:stream';
import { SseBacklog } from './SseBacklog.ts';
import { SseMessage } from './SseMessage.ts';

/**
 * One event-stream connection, written without ever waiting for it. While the socket keeps up, messages go
 * straight through; once it pushes back (`write` returns false) they wait here, up to `maxQueueBytes`. A reader
 * that falls further behind is cut off: its queued messages are dropped and counted, the connection is closed,
 * and the browser's EventSource reconnects with `Last-Event-ID` — it resumes from the replay log or starts
 * over from a snapshot. Closing, rather than skipping batches, keeps the panel's state right: batches are
 * deltas, and a panel that silently missed one would show a breaker in a state it left long ago.
 *
 * Messages are shared (`SseMessage`): a queue holds references, its bound counts what this reader is behind,
 * and the `SseBacklog` it shares with the other connections counts each message's bytes once.
 */
export interface SseClientHooks {
  /** The client is being cut off for lagging: `dropped` messages never reached it. */
  onOverflow?: (dropped: number) => void;
  /** The client is gone, for whatever reason (once). */
  onClose?: () => void;
}

export class SseClient {
  readonly #out: Writable;
  readonly #maxQueueBytes: number;
  readonly #hooks: SseClientHooks;
  readonly #backlog: SseBacklog;
  #queue: SseMessage[] = [];
  #queuedBytes = 0;
  #congested = false;
  #closed = false;

  constructor(out: Writable, maxQueueBytes: number, hooks: SseClientHooks = {}, backlog = new SseBacklog()) {
    this.#out = out;
    this.#maxQueueBytes = maxQueueBytes;
    this.#hooks = hooks;
    this.#backlog = backlog;
    // A socket that dies under a write reports it here; without a listener that would crash the process.
    out.on('error', () => this.#shut());
    out.on('close', () => this.#shut());
    if (out.destroyed || out.writableEnded) this.#shut();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Bytes this reader is behind: the messages waiting for its socket to drain (shared, not copied). */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Sends one message (`id: …\ndata: …\n\n`). */
  send(message: SseMessage): void {
    if (this.#closed) return;
    if (!this.#congested) {
      this.#write(message);
      return;
    }
    if (this.#queuedBytes + message.bytes > this.#maxQueueBytes) {
      const dropped = this.#queue.length + 1;
      this.#hooks.onOverflow?.(dropped);
      this.#shut();
      this.#out.destroy();
      return;
    }
    this.#queue.push(message);
    this.#queuedBytes += message.bytes;
    this.#backlog.hold(message);
  }

  /** A keep-alive comment; skipped while the socket is busy anyway (it is not idle then). */
  ping(): void {
    if (!this.#closed && !this.#congested) this.#write(PING);
  }

  /** Ends the stream cleanly (server shutdown). */
  end(): void {
    if (this.#closed) return;
    this.#shut();
    this.#out.end();
  }

  #write(message: SseMessage): void {
    if (this.#out.write(message.data)) return;
    this.#congested = true;
    this.#out.once('drain', this.#drain);
  }

  readonly #drain = (): void => {
    this.#congested = false;
    while (!this.#closed && !this.#congested && this.#queue.length > 0) {
      const message = this.#queue.shift()!;
      this.#queuedBytes -= message.bytes;
      this.#backlog.release(message);
      this.#write(message);
    }
  };

  #shut(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const message of this.#queue) this.#backlog.release(message);
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#hooks.onClose?.();
  }
}

const PING = new SseMessage(': ping\n\n');
