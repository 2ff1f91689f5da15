import { createServer, type Server } from 'node:net';
import { ErrorHandler } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const handler = () => new ErrorHandler({}, { clock: new ManualClock(0) });
async function start(options: Parameters<typeof startDevtoolsServer>[1]): Promise<DevtoolsServer> {
  const server = await startDevtoolsServer(handler(), { appDir: '/nonexistent', ...options });
  closers.push(() => server.close());
  return server;
}

/** Holds a port the way another process would. */
function occupy(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      closers.push(() => new Promise((done) => server.close(() => done())));
      resolve({ port: (server.address() as { port: number }).port, server });
    });
  });
}

describe('startDevtoolsServer: a stable address', () => {
  it('comes back on the same port with the same token, so a page kept open reconnects after a restart', async () => {
    const first = await start({ port: 0, token: 'kept-token' });
    const { port, url } = first;
    await first.close();
    const second = await start({ port, token: 'kept-token' });
    expect([second.port, second.url]).toEqual([port, url]);
    const res = await fetch(`http://127.0.0.1:${port}/api/snapshot`, {
      headers: { authorization: 'Bearer kept-token' },
    });
    expect(res.status).toBe(200);
  });

  it('says plainly when its port is taken', async () => {
    const { port } = await occupy();
    await expect(start({ port })).rejects.toThrow(
      new Error(
        `startDevtoolsServer: port ${port} on 127.0.0.1 is taken (EADDRINUSE); ` +
          'pass another port, 0 for any free one, or fallbackToFreePort: true',
      ),
    );
  });

  it('with fallbackToFreePort, listens on a free port when its port is taken', async () => {
    const { port } = await occupy();
    const server = await start({ port, fallbackToFreePort: true });
    expect(server.port).not.toBe(port);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${encodeURIComponent(server.token)}`);
  });
});
