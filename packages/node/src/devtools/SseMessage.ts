/**
 * One event-stream block (`id: …\ndata: …\n\n`), encoded to bytes once and shared by every connection it goes
 * to: slow readers queue references to the same Buffer, and sockets write it without copying (a string would
 * be copied into each socket's pending write).
 */
export class SseMessage {
  readonly data: Buffer;
  /** Connections whose backlog holds this message now (kept by `SseBacklog`). */
  holders = 0;

  constructor(text: string) {
    this.data = Buffer.from(text, 'utf8');
  }

  get bytes(): number {
    return this.data.length;
  }
}
