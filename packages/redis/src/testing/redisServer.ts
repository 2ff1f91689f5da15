import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** The binary. Default `/usr/bin/redis-server` (Debian's `redis-server` package). */
  binary?: string;
  /**
   * Keep data across `kill()` + `start()` with an append-only file fsynced on every write. Default false:
   * nothing is written to disk (`--save '' --appendonly no`).
   */
  persist?: boolean;
}

/** One private redis-server for a test file: its own loopback port and temp dir, never a shared instance. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts it again on the same port and dir (after `kill()`); resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: Redis vanishes mid-run, as in a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Stops it and removes its temp dir. */
  stop(): Promise<void>;
}

/** Starts a redis-server on a free loopback port; call `stop()` when done (e.g. in `afterAll`). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? '/usr/bin/redis-server';
  const dir = mkdtempSync(join(tmpdir(), 'breakwater-redis-'));
  const port = await freePort();
  const persistence = options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir];
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) throw new Error(`redis-server on port ${port} is already running`);
    const proc = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', binary, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${stderr}`)));
    });
    try {
      await Promise.race([waitForPort(port), exited]);
    } catch (error) {
      child = undefined;
      throw error;
    }
  };
  const kill = async () => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.stdin!.end(); // the watchdog SIGKILLs redis-server, then the shell exits
    await gone;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs redis-server under a shell that SIGKILLs it when its stdin closes: on `kill()`, and also when this process
 * dies without cleaning up (a hung teardown, a killed test worker), so no server outlives its test.
 * Exits when redis-server exits.
 */
const WATCHDOG = 'exec 3<&0; "$@" 3<&- & r=$!; (read _ <&3; kill -9 $r 2>/dev/null) & wait $r';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until something accepts connections on the port (redis-server needs a few ms to bind). */
async function waitForPort(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
