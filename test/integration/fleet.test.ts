// Acceptance (issue #12, `npm run fleet`): the fleet script starts a private redis-server, the simulator and two
// bots on a short, faulty run; the bots write one Redis history (records of both, each named), each devtools
// server names its process and lets the panel's page (bot-1's origin) read it; SIGINT stops every child and Redis.
import { redisStore } from '@breakwater/redis';
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
let fleet: ChildProcess | undefined;
let pids: Record<string, number> = {};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const killAll = () => {
  for (const pid of [fleet?.pid, ...Object.values(pids)])
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
};
process.once('exit', killAll); // never an orphan, even if vitest dies

afterAll(() => {
  killAll();
  process.off('exit', killAll);
});

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm run fleet', () => {
  it('runs two named bots on one Redis history, serves one panel address for both, stops all on SIGINT', async () => {
    const lines: string[] = [];
    fleet = spawn(process.execPath, [join(repo, 'scripts', 'fleet.mjs')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        FLEET_BOTS: '2',
        FLEET_BUILD_PANEL: '0',
        BOT_TICK_MS: '100',
        BOT_CHAOS: 'reset=0.3,seed=3',
        BOT_REQUEST_TIMEOUT_MS: '500',
      },
    });
    createInterface({ input: fleet.stdout! }).on('line', (line) => lines.push(line));
    createInterface({ input: fleet.stderr! }).on('line', (line) => lines.push(`stderr: ${line}`));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      fleet!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const output = () => lines.join('\n');
    const find = (pattern: RegExp) => lines.map((l) => pattern.exec(l)).find((m) => m !== null) ?? undefined;

    const panel = new URL(
      (
        await until(
          'the panel address',
          () => find(/^\[fleet\] panel \(every bot, each named\): (\S+)$/),
          20_000,
          output,
        )
      )[1]!,
    );
    pids = JSON.parse(find(/^\[fleet\] pids (\{.*\})$/)![1]!) as Record<string, number>;
    expect(Object.keys(pids).sort()).toEqual(['bot-1', 'bot-2', 'exchange', 'redis']);
    const redisUrl = find(/^\[fleet\] redis-server on (redis:\/\/127\.0\.0\.1:\d+) /)![1]!;

    // One address: bot-1's panel page, its token, and bot-2's printed address as a source.
    const fragment = new URLSearchParams(panel.hash.slice(1));
    const sources = fragment.getAll('source');
    expect(sources).toHaveLength(1);
    const bot2 = new URL(sources[0]!);
    const snapshotOf = async (base: URL, token: string, origin?: string) => {
      const res = await fetch(new URL('api/snapshot', base), {
        headers: { Authorization: `Bearer ${token}`, ...(origin ? { Origin: origin } : {}) },
      });
      return {
        status: res.status,
        allowOrigin: res.headers.get('access-control-allow-origin'),
        process: ((await res.json()) as { process?: string }).process,
      };
    };
    expect(await snapshotOf(panel, fragment.get('token')!)).toEqual({
      status: 200,
      allowOrigin: null,
      process: 'bot-1',
    });
    const bot2Token = new URLSearchParams(bot2.hash.slice(1)).get('token')!;
    expect(await snapshotOf(bot2, bot2Token, panel.origin)).toEqual({
      status: 200,
      allowOrigin: panel.origin,
      process: 'bot-2',
    });

    // One history: records of both bots in the one stream, each naming its process.
    const store = redisStore({ url: redisUrl });
    try {
      const names = await until(
        'records of both bots in Redis',
        async () => {
          const { records } = await store.query({ limit: 1000 });
          const seen = [...new Set(records.map((r) => r.metadata['process']))].sort();
          return seen.length >= 2 ? seen : undefined;
        },
        15_000,
        output,
      );
      expect(names).toEqual(['bot-1', 'bot-2']);
    } finally {
      await store.close();
    }

    fleet.kill('SIGINT');
    const exit = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000)),
    ]);
    expect(exit, output()).toEqual({ code: 0, signal: null });
    expect(
      Object.entries(pids).filter(([, pid]) => alive(pid)),
      output(),
    ).toEqual([]);
    expect(await portOpen(Number(new URL(redisUrl).port))).toBe(false);
    // The bots flushed into Redis before it stopped: each says so.
    expect(
      lines.filter((l) => /^\[bot-\d\] history flushed to Redis \(\d+ written, 0 dropped\)$/.test(l)),
      output(),
    ).toHaveLength(2);
  });

  it('without redis-server, says how to install it and starts nothing', async () => {
    const child = spawn(process.execPath, [join(repo, 'scripts', 'fleet.mjs')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDIS_SERVER: '/nonexistent/redis-server' },
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect([code, output]).toEqual([
      1,
      '[fleet] redis-server not found at /nonexistent/redis-server: ' +
        'install it with `apt-get install -y redis-server` (or set REDIS_SERVER to its path)\n',
    ]);
  });
});
