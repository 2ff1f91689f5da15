// The acceptance test of a shared budget: real child processes, one Redis, real time. Three bots hammer one
// account for 1.5 s; together they stay within what GCRA allows (a burst, then the rate). A pause set by one
// process stops the others.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromSource } from '../../../scripts/bundleFromSource.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-redis-fleet-'));
const childScript = join(root, 'child.mjs');
let server: RedisServer;

beforeAll(async () => {
  const bundling = bundleFromSource(fileURLToPath(new URL('./sharedRateLimit.child.ts', import.meta.url)), childScript);
  [server] = await Promise.all([startRedisServer(), bundling]);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs one child to its end and parses the JSON lines it printed (`ready` lines aside). */
function child(args: string[], onReady?: (start: (line: string) => void) => void): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!onReady) proc.stdin.end();
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (onReady && out.startsWith('ready\n')) {
        out = out.slice('ready\n'.length);
        const ready = onReady;
        onReady = undefined;
        ready((line) => proc.stdin.end(`${line}\n`));
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    proc.on('error', reject);
    proc.on('exit', (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as unknown),
          )
        : reject(new Error(`child exited with ${code}: ${err}`)),
    );
  });
}

/** Starts `n` hammering children and, once all are ready, tells them all to start 100 ms from now. */
function hammerTogether(n: number, key: string, windowMs: number): Promise<unknown[][]> {
  const starts: Array<(line: string) => void> = [];
  return Promise.all(
    Array.from({ length: n }, () =>
      child(['hammer', server.url, key, String(windowMs)], (start) => {
        starts.push(start);
        if (starts.length === n) {
          const startAt = String(Date.now() + 100);
          for (const go of starts) go(startAt);
        }
      }),
    ),
  );
}

describe('sharedRateLimit across processes', () => {
  it('three processes sharing one budget stay under the limit together', async () => {
    const windowMs = 1500;
    const results = (await hammerTogether(3, 'fleet', windowMs)).map(
      (lines) => lines[0] as { allowed: number[]; denied: number },
    );
    const allowed = results.flatMap((r) => r.allowed).sort((x, y) => x - y);
    // 20/s with a burst of 5: at most 5 + 20 * 1.5 = 35 in the window (+1: the interval boundary).
    expect(allowed.length).toBeLessThanOrEqual(36);
    expect(allowed.length).toBeGreaterThanOrEqual(25); // and the budget was really used
    for (const r of results) expect(r.denied).toBeGreaterThan(0); // every process was held back
    // Any 500 ms of it held at most 5 + 10 calls (+1 as above, +1: a child stamps a call before Redis decides).
    for (let i = 0; i < allowed.length; i++) {
      const inWindow = allowed.filter((t) => t >= allowed[i]! && t < allowed[i]! + 500).length;
      expect(inWindow).toBeLessThanOrEqual(17);
    }
  }, 20_000);

  it('a pause set by one process is seen by the others', async () => {
    expect(await child(['pause', server.url, 'paused', '60000'])).toEqual([{ paused: 60000 }]);
    const probes = await Promise.all([child(['probe', server.url, 'paused']), child(['probe', server.url, 'paused'])]);
    for (const [answer] of probes) {
      const { allowed, retryAfterMs, source } = answer as { allowed: boolean; retryAfterMs: number; source: string };
      expect({ allowed, source }).toEqual({ allowed: false, source: 'redis' });
      expect(retryAfterMs).toBeGreaterThan(50_000);
      expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  }, 20_000);
});
