import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevtoolsServerOptions } from './DevtoolsServerOptions.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const T0 = 1_700_000_000_000;
const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Family {
  name: string;
  metrics: Array<{ value?: string; labels?: Record<string, string> }>;
}

async function start(options: DevtoolsServerOptions) {
  const handler = new ErrorHandler({}, { clock: new ManualClock(T0), random: seededRandom(3), recoveryActions: [] });
  const server = await startDevtoolsServer(handler, {
    appDir: '/nonexistent/breakwater-app',
    token: 'metrics-test-token',
    ...options,
  });
  servers.push(server);
  return { handler, server, base: `http://127.0.0.1:${server.port}` };
}

const auth = { Authorization: 'Bearer metrics-test-token' };

/** name → ["labels value", …], from a real Prometheus text-format parser. */
function parse(text: string): Map<string, string[]> {
  const families = parsePrometheusTextFormat(text) as Family[];
  return new Map(
    families.map((f) => [
      f.name,
      f.metrics.map(
        (m) =>
          `${Object.entries(m.labels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(',')} ${m.value}`,
      ),
    ]),
  );
}

describe('startDevtoolsServer: /metrics', () => {
  it('answers a scrape with the token in the Prometheus text format, parsed by a real parser', async () => {
    const { handler, base } = await start({ metrics: true });
    const kraken = handler.getCircuitBreaker('kraken');
    kraken.call(() => 1);
    kraken.isolate();
    const response = await fetch(`${base}/metrics`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const families = parse(await response.text());
    expect(families.get('breakwater_circuitbreaker_state')).toEqual([
      'name=kraken,state=closed 0',
      'name=kraken,state=open 0',
      'name=kraken,state=half_open 0',
      'name=kraken,state=forced_open 1',
    ]);
    expect(families.get('breakwater_circuitbreaker_calls_total')).toEqual([
      'name=kraken,kind=successful 1',
      'name=kraken,kind=failed 0',
      'name=kraken,kind=ignored 0',
    ]);
    expect(families.get('breakwater_trading_mode')).toEqual(['mode=live 1', 'mode=paper 0']);
  });

  it('refuses a scrape without the token, and other methods', async () => {
    const { base } = await start({ metrics: true });
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({ error: 'missing or wrong token' });
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics?token=metrics-test-token`)).status).toBe(200);
    const post = await fetch(`${base}/metrics`, { method: 'POST', headers: auth });
    expect(post.status).toBe(405);
    expect(await post.json()).toEqual({ error: 'method POST not allowed here; use GET' });
  });

  it('public: true needs no token, but the Host check still applies', async () => {
    const { base, server } = await start({ metrics: { public: true } });
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/metrics', headers: { Host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves a registry of your own as it is, with your metrics beside the ones you collected', async () => {
    const registry = new Registry();
    new Counter({ name: 'bot_orders_total', help: 'Orders sent', registers: [registry] }).inc(3);
    const { base } = await start({ metrics: { registry } });
    const families = parse(await (await fetch(`${base}/metrics`, { headers: auth })).text());
    expect([...families.keys()]).toEqual(['bot_orders_total']);
    expect(families.get('bot_orders_total')).toEqual([' 3']);
  });

  it('has no /metrics unless asked, and checks the option', async () => {
    const { base } = await start({});
    const page = await fetch(`${base}/metrics`, { headers: auth }); // the app's pages, here "not built"
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/^The Breakwater devtools app has not been built yet/);
    await expect(start({ metrics: { registry: {} as Registry } })).rejects.toThrow(
      new RangeError('startDevtoolsServer: metrics.registry must be a prom-client Registry, got object'),
    );
    await expect(start({ metrics: 'yes' as never })).rejects.toThrow(
      new RangeError('startDevtoolsServer: metrics must be true, false or { registry?, public? }, got "yes"'),
    );
  });
});
