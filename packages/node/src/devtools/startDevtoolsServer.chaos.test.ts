import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { chaosFault } from '@breakwater/core/chaos';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('startDevtoolsServer: chaos switches', () => {
  it('POST /api/chaos/<name> {"enabled": …} switches the policy; the snapshot lists it', async () => {
    const handler = new ErrorHandler(
      {},
      { clock: new ManualClock(1_700_000_000_000), random: seededRandom(1), recoveryActions: [] },
    );
    const reset = chaosFault({ name: 'exchange reset', rate: 0.2, fault: () => new Error('chaos') });
    const server = await startDevtoolsServer(handler, {
      appDir: '/nonexistent/app',
      token: 'chaos-token',
      feed: { chaos: [reset] },
    });
    servers.push(server);
    const base = `http://127.0.0.1:${server.port}`;
    const post = (name: string, body: string) =>
      fetch(`${base}/api/chaos/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer chaos-token', 'Content-Type': 'application/json' },
        body,
      });

    const on = await post('exchange reset', '{"enabled":true}');
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ name: 'exchange reset', enabled: true });
    expect(reset.enabled).toBe(true);
    const snapshot = (await (
      await fetch(`${base}/api/snapshot`, { headers: { Authorization: 'Bearer chaos-token' } })
    ).json()) as { chaos: unknown };
    expect(snapshot.chaos).toEqual([{ name: 'exchange reset', kind: 'fault', rate: 0.2, enabled: true, injected: 0 }]);

    const unknown = await post('nope', '{"enabled":true}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'DevtoolsFeed: no chaos policy named "nope"' });
    const bad = await post('exchange reset', '{"enabled":"yes"}');
    expect(bad.status).toBe(400);
    const notObject = await post('exchange reset', '[]');
    expect(await notObject.json()).toEqual({ error: 'body must be a JSON object like {"enabled":true}' });
    const noToken = await fetch(`${base}/api/chaos/exchange%20reset`, { method: 'POST', body: '{"enabled":false}' });
    expect(noToken.status).toBe(401);
    expect(reset.enabled).toBe(true);
  });
});
