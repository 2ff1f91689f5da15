import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { resolveServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const panel = 'http://127.0.0.1:5001'; // another bot's devtools server, whose page is the fleet panel
const token = 'fixed-token-for-tests';
const auth = { Authorization: `Bearer ${token}` };

async function start(options: DevtoolsServerOptions = {}) {
  const handler = new ErrorHandler({}, { clock: new ManualClock(T0), random: seededRandom(3), recoveryActions: [] });
  handler.breakers.get('kraken');
  const server = await startDevtoolsServer(handler, { appDir: '/nonexistent/breakwater-app', token, ...options });
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}` };
}

describe('startDevtoolsServer: fleetOrigins (a fleet panel served by another process)', () => {
  it('lets its own page connect to the fleet’s other servers (CSP connect-src)', async () => {
    const appDir = await mkdtemp(join(tmpdir(), 'bw-fleet-app-'));
    try {
      await writeFile(join(appDir, 'index.html'), '<!doctype html><title>panel</title>');
      const { base } = await start({ appDir, fleetOrigins: [panel, 'http://127.0.0.1:5003'] });
      const page = await fetch(`${base}/`);
      expect(page.headers.get('content-security-policy')).toContain(
        "; connect-src 'self' http://127.0.0.1:5001 http://127.0.0.1:5003; ",
      );
    } finally {
      await rm(appDir, { recursive: true, force: true });
    }
  });

  it('lets a listed origin read the API and send commands, still only with the token', async () => {
    const { base } = await start({ fleetOrigins: [panel] });
    const read = await fetch(`${base}/api/snapshot`, { headers: { ...auth, Origin: panel } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(panel);
    expect(read.headers.get('vary')).toBe('Origin');
    const noToken = await fetch(`${base}/api/snapshot`, { headers: { Origin: panel } });
    expect(noToken.status).toBe(401);
    const reset = await fetch(`${base}/api/breakers/kraken/reset`, {
      method: 'POST',
      headers: { ...auth, Origin: panel },
    });
    expect(reset.status).toBe(200);
    expect(reset.headers.get('access-control-allow-origin')).toBe(panel);
  });

  it('answers a listed origin’s preflight (commands carry an Authorization header), no other', async () => {
    const { base } = await start({ fleetOrigins: [panel] });
    const preflight = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' };
    const ok = await fetch(`${base}/api/breakers/kraken/reset`, {
      method: 'OPTIONS',
      headers: { ...preflight, Origin: panel },
    });
    expect(ok.status).toBe(204);
    expect(
      Object.fromEntries(
        [
          'access-control-allow-origin',
          'access-control-allow-methods',
          'access-control-allow-headers',
          'access-control-max-age',
        ].map((h) => [h, ok.headers.get(h)]),
      ),
    ).toEqual({
      'access-control-allow-origin': panel,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, last-event-id',
      'access-control-max-age': '600',
    });
    const other = await fetch(`${base}/api/breakers/kraken/reset`, {
      method: 'OPTIONS',
      headers: { ...preflight, Origin: 'http://127.0.0.1:5002' },
    });
    expect(other.status).toBe(401);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still refuses every origin it was not given', async () => {
    const { base } = await start({ fleetOrigins: [panel] });
    const read = await fetch(`${base}/api/snapshot`, { headers: { ...auth, Origin: 'http://127.0.0.1:5002' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${base}/api/breakers/kraken/reset`, {
      method: 'POST',
      headers: { ...auth, Origin: 'http://127.0.0.1:5002' },
    });
    expect([post.status, await post.json()]).toEqual([403, { error: 'cross-origin requests are not allowed' }]);
  });

  it('takes only exact origins (scheme, host and port; no path), naming the bad one', () => {
    expect(
      resolveServerOptions({ appDir: '/x', fleetOrigins: ['http://127.0.0.1:5001', 'https://desk.example'] })
        .fleetOrigins,
    ).toEqual(['http://127.0.0.1:5001', 'https://desk.example']);
    expect(() => resolveServerOptions({ appDir: '/x', fleetOrigins: ['http://127.0.0.1:5001/'] })).toThrow(
      'startDevtoolsServer: fleetOrigins[0] must be an origin like http://127.0.0.1:5001 ' +
        '(scheme, host, port; no path), got "http://127.0.0.1:5001/"',
    );
    expect(() => resolveServerOptions({ appDir: '/x', fleetOrigins: ['*'] })).toThrow(
      'startDevtoolsServer: fleetOrigins[0] must be an origin like',
    );
    expect(() => resolveServerOptions({ appDir: '/x', fleetOrigins: 'http://a' as never })).toThrow(
      'startDevtoolsServer: fleetOrigins must be an array of origins, got "http://a"',
    );
  });
});
