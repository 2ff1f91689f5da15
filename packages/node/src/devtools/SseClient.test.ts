import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseClient } from './SseClient.ts';

/** A socket whose reader is stalled until `release()`: it accepts writes but never finishes them. */
function stalledSocket(highWaterMark: number) {
  const written: string[] = [];
  const pending: Array<() => void> = [];
  const out = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      written.push(chunk);
      pending.push(() => done());
    },
  });
  const release = () => {
    while (pending.length > 0) pending.shift()!();
  };
  return { out, written, release };
}

const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SseClient', () => {
  it('writes straight through while the socket keeps up', () => {
    const written: string[] = [];
    const out = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        written.push(chunk);
        done();
      },
    });
    const client = new SseClient(out, 100);
    client.send('id: 1\ndata: {}\n\n');
    client.ping();
    expect(written).toEqual(['id: 1\ndata: {}\n\n', ': ping\n\n']);
    expect(client.queuedBytes).toBe(0);
  });

  it('holds messages back while the socket pushes back, and sends them in order once it drains', async () => {
    const { out, written, release } = stalledSocket(10);
    const client = new SseClient(out, 100);
    client.send('a'.repeat(10)); // fills the socket's buffer: from here on it pushes back
    client.send('b'.repeat(10));
    client.send('c'.repeat(10));
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
    client.send('x'.repeat(10));
    client.send('y'.repeat(10));
    client.send('z'.repeat(10));
    expect(client.queuedBytes).toBe(20);
    client.send('w'.repeat(10)); // 30 bytes would wait: over 25, so the two waiting and this one are lost
    expect(overflows).toEqual([3]);
    expect(client.closed).toBe(true);
    expect(out.destroyed).toBe(true);
    expect(client.queuedBytes).toBe(0);
    client.send('v'); // gone: nothing more happens
    expect(overflows).toEqual([3]);
    expect(closes).toBe(1);
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
