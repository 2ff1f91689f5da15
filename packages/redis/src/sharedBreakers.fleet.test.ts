// The acceptance test of shared breakers: real child processes, one private Redis, real time (timeouts only).
// A breaker opened by one process opens in the others within 100 ms; HALF_OPEN admits exactly
// halfOpenMaxCalls trials across three processes; a late joiner starts OPEN; Redis killed and restarted
// mid-run crashes nothing and the fleet converges.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromSource } from '../../../scripts/bundleFromSource.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-breaker-fleet-'));
const childScript = join(root, 'child.mjs');
let server: RedisServer;

beforeAll(async () => {
  const bundling = bundleFromSource(fileURLToPath(new URL('./sharedBreakers.child.ts', import.meta.url)), childScript);
  [server] = await Promise.all([startRedisServer(), bundling]);
}, 30_000);
const running: Bot[] = [];
afterAll(async () => {
  for (const bot of running.splice(0)) if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

type Line = Record<string, unknown>;

/** One bot process: what it printed, a way to wait for a line, and stdin for commands. */
interface Bot {
  proc: ChildProcess;
  lines: Line[];
  next(match: (line: Line) => boolean, timeoutMs?: number): Promise<Line>;
  send(command: string): void;
  exited: Promise<number | null>;
}

/** One process of the fleet; it has `kraken`, `bybit` and `binance` (see sharedBreakers.child.ts). */
async function bot(): Promise<Bot> {
  const proc = spawn(process.execPath, [childScript, server.url, 'fleet'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const part of parts) lines.push(JSON.parse(part) as Line);
    for (const wake of waiters) wake();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
  const next = (match: (line: Line) => boolean, timeoutMs = 5000) =>
    new Promise<Line>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching line within ${timeoutMs} ms; got ${JSON.stringify(lines)}; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const handle: Bot = { proc, lines, next, send: (command) => proc.stdin!.write(`${command}\n`), exited };
  running.push(handle);
  await next((l) => l.ready === true, 12_000);
  return handle;
}

const opened = (name: string) => (l: Line) => l.event === 'state' && l.name === name && l.to === 'OPEN';
const ready = (l: Line) => l.ready === true;
// Processes take a second or more to start on a busy machine: three serve the whole file (one breaker per test).
let a: Bot;
let b: Bot;
let c: Bot;
let late: Bot | undefined;
beforeAll(async () => {
  [a, b, c] = await Promise.all([bot(), bot(), bot()]);
}, 15_000);

describe('sharedBreakers across processes', () => {
  it('one process sees failures: the others open within 100 ms; a late joiner starts OPEN', async () => {
    a.send('fail kraken 3');
    const [tripped, seenB, seenC] = await Promise.all([
      a.next(opened('kraken')),
      b.next(opened('kraken')),
      c.next(opened('kraken')),
    ]);
    expect(tripped).toMatchObject({ source: 'local', reason: 'failure-threshold' });
    expect(seenB).toMatchObject({ source: 'remote', reason: 'failure-threshold' });
    expect(seenC).toMatchObject({ source: 'remote', reason: 'failure-threshold' });
    const lagB = (seenB.at as number) - (tripped.at as number);
    const lagC = (seenC.at as number) - (tripped.at as number);
    expect(Math.max(lagB, lagC)).toBeLessThan(100);
    // No echo: each process saw exactly one transition.
    for (const x of [a, b, c]) expect(x.lines.filter((l) => l.event === 'state')).toHaveLength(1);
    late = await bot();
    expect(await late.next(ready)).toEqual({
      ready: true,
      states: { kraken: 'OPEN', bybit: 'CLOSED', binance: 'CLOSED' },
    });
    expect(late.lines[0]).toMatchObject({ event: 'state', name: 'kraken', to: 'OPEN', source: 'remote' });
  }, 15_000);

  it('HALF_OPEN admits exactly halfOpenMaxCalls trials across three processes', async () => {
    a.send('fail binance 3');
    const tripped = await a.next(opened('binance'));
    await Promise.all([b.next(opened('binance')), c.next(opened('binance'))]);
    // Every process tries a call every 2 ms until 700 ms past the recovery timeout: they compete for the slots.
    const until = Math.max(Date.now(), (tripped.at as number) + 800) + 700;
    for (const x of [a, b, c]) x.send(`try-until binance ${until}`);
    const answers = await Promise.all([a, b, c].map((x) => x.next((l) => 'admitted' in l, 5000)));
    expect(answers.map((l) => l.admitted as number).reduce((sum, k) => sum + k, 0)).toBe(2);
    for (const x of [a, b, c]) {
      expect(x.lines.filter((l) => l.event === 'state' && l.name === 'binance').at(-1)).toMatchObject({
        to: 'HALF_OPEN',
      });
    }
  }, 15_000);

  it('Redis killed mid-run and restarted: no crash, calls never wait on it, the state converges', async () => {
    const everyone = [a, b, c, ...(late ? [late] : [])];
    await server.kill();
    await Promise.all(everyone.map((x) => x.next((l) => l.event === 'redis-unavailable')));
    a.send('fail bybit 3');
    const failed = await a.next((l) => 'failed' in l);
    expect(failed.maxMs as number).toBeLessThan(50); // the calls did not wait on Redis (timeout 100 ms)
    expect(await a.next(opened('bybit'))).toMatchObject({ source: 'local' });
    await server.start();
    for (const x of everyone.slice(1))
      expect(await x.next(opened('bybit'), 8000)).toMatchObject({ source: 'remote', reason: 'failure-threshold' });
    await Promise.all(everyone.map((x) => x.next((l) => l.event === 'redis-restored')));
    for (const x of everyone) x.send('exit');
    expect(await Promise.all(everyone.map((x) => x.exited))).toEqual(everyone.map(() => 0));
  }, 15_000);
});
