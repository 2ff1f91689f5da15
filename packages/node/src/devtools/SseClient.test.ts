import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseBacklog } from './SseBacklog.ts';
import { SseClient } from './SseClient.ts';
import { SseMessage } from './SseMessage.ts';

const msg = (text: string) => new SseMessage(text);

/** A socket whose reader is stalled until `release()`: it accepts writes but never finishes them. */
function stalledSocket(highWaterMark: number) {
  const written: string[] = [];
  /** What reached the socket, as given (to tell a shared Buffer from a copy). */
  const chunks: Buffer[] = [];
  const pending: Array<() => void> = [];
  const out = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      chunks.push(chunk);
      pending.push(() => done());
    },
  });
  const release = () => {
    while (pending.length > 0) pending.shift()!();
  };
  return { out, written, chunks, release };
}

const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SseClient', () => {
  it('writes straight through while the socket keeps up', () => {
    const written: string[] = [];
    const out = new Writable({
      decodeStrings: false,
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString('utf8'));
        done();
      },
    });
    const client = new SseClient(out, 100);
    client.send(msg('id: 1\ndata: {}\n\n'));
    client.ping();
    expect(written).toEqual(['id: 1\ndata: {}\n\n', ': ping\n\n']);
    expect(client.queuedBytes).toBe(0);
  });

  it('holds messages back while the socket pushes back, and sends them in order once it drains', async () => {
    const { out, written, release } = stalledSocket(10);
    const client = new SseClient(out, 100);
    client.send(msg('a'.repeat(10))); // fills the socket's buffer: from here on it pushes back
    client.send(msg('b'.repeat(10)));
    client.send(msg('c'.repeat(10)));
    client.ping(); // a busy connection needs no keep-alive
    expect(written).toEqual(['a'.repeat(10)]);
    expect(client.queuedBytes).toBe(20);
    release();
    await drained();
    release();
    await drained();
    expect(written.join('')).toBe('a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10));
    expect(client.queuedBytes).toBe(0);
    expect(client.closed).toBe(false);
  });

  it('cuts off a reader that falls behind more than its bound, counting what it never got', () => {
    const { out } = stalledSocket(10);
    const overflows: number[] = [];
    let closes = 0;
    const client = new SseClient(out, 25, { onOverflow: (n) => overflows.push(n), onClose: () => closes++ });
    client.send(msg('x'.repeat(10)));
    client.send(msg('y'.repeat(10)));
    client.send(msg('z'.repeat(10)));
    expect(client.queuedBytes).toBe(20);
    client.send(msg('w'.repeat(10))); // 30 bytes would wait: over 25, so the two waiting and this one are lost
    expect(overflows).toEqual([3]);
    expect(client.closed).toBe(true);
    expect(out.destroyed).toBe(true);
    expect(client.queuedBytes).toBe(0);
    client.send(msg('v')); // gone: nothing more happens
    expect(overflows).toEqual([3]);
    expect(closes).toBe(1);
  });

  it('writes the one shared Buffer, and counts a message held for several readers once in their backlog', async () => {
    const backlog = new SseBacklog();
    const a = stalledSocket(10);
    const b = stalledSocket(10);
    const first = new SseClient(a.out, 100, {}, backlog);
    const second = new SseClient(b.out, 100, {}, backlog);
    const opening = msg('o'.repeat(10));
    const shared = msg('s'.repeat(20));
    for (const client of [first, second]) client.send(opening); // both sockets now push back
    first.send(shared);
    second.send(shared);
    expect([first.queuedBytes, second.queuedBytes, backlog.bytes, shared.holders]).toEqual([20, 20, 20, 2]);
    a.release();
    await drained();
    expect(a.chunks).toHaveLength(2);
    expect(a.chunks[1]).toBe(shared.data); // the same Buffer, not a copy
    expect([first.queuedBytes, second.queuedBytes, backlog.bytes, shared.holders]).toEqual([0, 20, 20, 1]);
    second.end(); // a reader that leaves lets go of what it held
    expect([backlog.bytes, shared.holders]).toEqual([0, 0]);
  });

  it("lets go of a cut-off reader's backlog", () => {
    const backlog = new SseBacklog();
    const client = new SseClient(stalledSocket(10).out, 25, {}, backlog);
    client.send(msg('x'.repeat(10)));
    client.send(msg('y'.repeat(10)));
    expect(backlog.bytes).toBe(10);
    client.send(msg('z'.repeat(20)));
    expect([client.closed, backlog.bytes]).toEqual([true, 0]);
  });

  it('ends cleanly, and notices a socket that closed by itself', () => {
    const first = stalledSocket(100);
    let closes = 0;
    const client = new SseClient(first.out, 100, { onClose: () => closes++ });
    client.end();
    expect(first.out.writableEnded).toBe(true);
    expect(closes).toBe(1);

    const second = stalledSocket(100);
    second.out.destroy();
    expect(new SseClient(second.out, 100).closed).toBe(true);
  });
});
