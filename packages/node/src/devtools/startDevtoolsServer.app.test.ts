import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ErrorHandler } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAppDir } from './findAppDir.ts';
import { startDevtoolsServer, type DevtoolsServer } from './startDevtoolsServer.ts';

const page = '<!doctype html><title>Breakwater</title><script type="module" src="/assets/index-abc123.js"></script>';
let root: string;
let appDir: string;
beforeAll(() => {
  // <root>/secret.txt sits next to the app: nothing may reach it.
  root = mkdtempSync(join(tmpdir(), 'breakwater-app-'));
  appDir = join(root, 'dist');
  mkdirSync(join(appDir, 'assets'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'secret');
  writeFileSync(join(appDir, '.env'), 'TOKEN=secret');
  writeFileSync(join(appDir, 'index.html'), page);
  writeFileSync(join(appDir, 'assets', 'index-abc123.js'), 'console.log("panel")');
  writeFileSync(join(appDir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(
    join(appDir, 'assets', 'index-abc123.js.map'),
    '{"version":3,"sources":["../../src/main.tsx"],"mappings":""}',
  );
  writeFileSync(join(appDir, 'favicon.svg'), '<svg/>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const servers: DevtoolsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(dir: string) {
  const server = await startDevtoolsServer(new ErrorHandler({}, { clock: new ManualClock(0) }), { appDir: dir });
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}` };
}

/** A GET with the path exactly as given (fetch would normalise `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('startDevtoolsServer: the app', () => {
  it('serves the bundles’ source maps (readable stacks in a browser) as JSON, cached like the bundles', async () => {
    const { base } = await start(appDir);
    const res = await fetch(`${base}/assets/index-abc123.js.map`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('{"version":3,"sources":["../../src/main.tsx"],"mappings":""}');
  });

  it('serves index.html at / without the token, locked down against framing and foreign scripts', async () => {
    const { base } = await start(appDir);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(await res.text()).toContain('<title>Breakwater</title>');
  });

  it.each([
    [
      '/assets/index-abc123.js',
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
      'console.log("panel")',
    ],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable', 'body{}'],
    ['/favicon.svg', 'image/svg+xml', 'no-cache', '<svg/>'],
  ])('serves %s as %s', async (path, type, cache, body) => {
    const { base } = await start(appDir);
    const res = await fetch(`${base}${path}`);
    expect([
      res.status,
      res.headers.get('content-type'),
      res.headers.get('cache-control'),
      res.headers.get('x-content-type-options'),
    ]).toEqual([200, type, cache, 'nosniff']);
    expect(await res.text()).toBe(body);
  });

  it('answers HEAD without a body, and 405 for other methods', async () => {
    const { base } = await start(appDir);
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([
      200,
      String(page.length),
      '',
    ]);
    const post = await fetch(`${base}/`, { method: 'POST' });
    expect([post.status, post.headers.get('allow'), await post.text()]).toEqual([
      405,
      'GET, HEAD',
      'Method POST not allowed; use GET.\n',
    ]);
  });

  it('lists no directories and answers 404 for files it does not have', async () => {
    const { base } = await start(appDir);
    for (const path of ['/assets', '/assets/', '/missing.js', '/index.html/x']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, await res.text()]).toEqual([path, 404, 'Not found.\n']);
    }
  });

  it('refuses paths that leave the app or name dotfiles', async () => {
    const { server } = await start(appDir);
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/%00',
    ]) {
      expect([path, await rawGet(server.port, path)]).toEqual([path, { status: 403, body: 'Forbidden path.\n' }]);
    }
  });

  it('answers 503 saying how to build the app when it is missing', async () => {
    const { base } = await start(join(root, 'not-built'));
    for (const path of ['/', '/assets/index-abc123.js']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe(
        'The Breakwater devtools app has not been built yet.\n\n' +
          'Build it, then reload this page:\n\n  npm run build -w @breakwater/devtools-app\n',
      );
    }
  });

  it('finds the workspace app by default', () => {
    const repo = resolve(fileURLToPath(import.meta.url), '../../../../..');
    expect(findAppDir()).toBe(join(repo, 'apps', 'devtools', 'dist'));
  });

  it('walks up to the workspace root when the app package cannot be resolved', () => {
    // A workspace without node_modules links: <root>/apps/devtools next to <root>/packages/node/dist/devtools.
    mkdirSync(join(root, 'ws', 'apps', 'devtools'), { recursive: true });
    writeFileSync(join(root, 'ws', 'apps', 'devtools', 'package.json'), '{}');
    const module = join(root, 'ws', 'packages', 'node', 'dist', 'devtools', 'findAppDir.js');
    expect(findAppDir(pathToFileURL(module).href)).toBe(join(root, 'ws', 'apps', 'devtools', 'dist'));
  });
});
