// `npm run fleet`: a fleet on one machine. A private redis-server (free loopback port, temp dir), the exchange
// simulator in its own process, and FLEET_BOTS reference bots (default 3) sharing through Redis one error history
// (redisStore), breakers (sharedBreakers) and one account budget (sharedRateLimit), each with its own name and
// devtools server. Prints ONE panel address that shows them all. Ctrl-C stops the bots (they flush), the
// simulator, then Redis.
//
//   FLEET_BOTS=2 FLEET_SCENARIO=heavy npm run fleet      (any BOT_* variable is passed on to every bot)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundleFromSource } from './bundleFromSource.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const env = process.env;
const say = (line) => console.log(`[fleet] ${line}`);

function fail(message) {
  console.error(`[fleet] ${message}`);
  process.exit(1);
}

const bots = Number(env.FLEET_BOTS ?? 3);
if (!Number.isInteger(bots) || bots < 1 || bots > 9)
  fail(`FLEET_BOTS must be an integer from 1 to 9, got ${JSON.stringify(env.FLEET_BOTS)}`);
const scenario = env.FLEET_SCENARIO ?? 'lively';
const redisBinary = env.REDIS_SERVER ?? '/usr/bin/redis-server';
if (!existsSync(redisBinary)) {
  fail(
    `redis-server not found at ${redisBinary}: ` +
      'install it with `apt-get install -y redis-server` (or set REDIS_SERVER to its path)',
  );
}

const work = mkdtempSync(join(tmpdir(), 'breakwater-fleet-'));
/** Everything started, last first when stopping: `{ name, child, stop(child) }`. */
const children = [];
let stopping;

// The panel the bots serve: built when missing or older than its sources (it learnt the fleet view).
buildPanelIfStale();
const botScript = await bundle(join(root, 'apps', 'node-bot', 'src', 'main.ts'), 'node-bot.mjs');

process.on('SIGINT', () => void stop(0, 'SIGINT'));
process.on('SIGTERM', () => void stop(0, 'SIGTERM'));

try {
  const redis = await startRedis();
  say(`redis-server on ${redis.url} (data in ${work}, deleted on exit)`);
  const exchangeUrl = await startExchange();
  say(`exchange simulator on ${exchangeUrl} (scenario ${scenario})`);

  // Ports chosen up front: every bot's devtools server must know the others' origins before it starts (its
  // page connects to them, and it lets their pages in).
  const names = Array.from({ length: bots }, (_, i) => `bot-${i + 1}`);
  const ports = new Set();
  while (ports.size < bots) ports.add(await freePort());
  const origins = [...ports].map((port) => `http://127.0.0.1:${port}`);
  const addresses = await Promise.all(
    names.map((name, i) =>
      startBot(name, {
        redisUrl: redis.url,
        exchangeUrl,
        origin: origins[i],
        fleet: origins.filter((_, j) => j !== i),
      }),
    ),
  );
  // Any bot's address would do; bot-1's, with the others as sources, is the one printed.
  const panel = `${addresses[0]}${addresses
    .slice(1)
    .map((a) => `&source=${encodeURIComponent(a)}`)
    .join('')}`;
  console.log('');
  say(`${bots} bots share one history (Redis Stream breakwater:history), their breakers and one account budget.`);
  say(`pids ${JSON.stringify(Object.fromEntries(children.map((c) => [c.name, c.child.pid])))}`);
  say(`panel (every bot, each named): ${panel}`);
  say('Ctrl-C stops everything.');
  console.log('');
} catch (error) {
  console.error(`[fleet] ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

async function startRedis() {
  const port = await freePort();
  const dir = join(work, 'redis');
  mkdirSync(dir);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  // As @breakwater/redis/testing does: a shell that SIGKILLs redis-server when our end of its stdin closes, so
  // it never outlives this script (even one killed without cleaning up). Own process group: a Ctrl-C in the
  // terminal reaches this script only, which stops Redis last, after the bots flushed into it.
  const watchdog = 'exec 3<&0; "$@" 3<&- & r=$!; (read _ <&3; kill -9 $r 2>/dev/null) & wait $r';
  const child = spawn('/bin/sh', ['-c', watchdog, 'sh', redisBinary, ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  track('redis', child, (c) => c.stdin.end());
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${stderr}`))),
  );
  await Promise.race([waitForPort(port), exited]);
  return { url: `redis://127.0.0.1:${port}` };
}

async function startExchange() {
  const script = join(root, 'apps', 'exchange-sim', 'scripts', 'start.mjs');
  const child = spawn(
    process.execPath,
    [script, '--port', '0', '--seed', env.BOT_SEED ?? '7', '--scenario', scenario, '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    },
  );
  track('exchange', child, (c) => c.kill('SIGINT'));
  return firstLine(child, 'exchange', (line) => (/^http:\/\/\S+$/.test(line) ? line : undefined));
}

async function startBot(name, { redisUrl, exchangeUrl, origin, fleet }) {
  const dataDir = join(work, name); // its order journal (one per bot); its history is in Redis
  const child = spawn(process.execPath, [botScript], {
    cwd: join(root, 'apps', 'node-bot'),
    env: {
      ...env,
      BOT_NAME: name,
      REDIS_URL: redisUrl,
      EXCHANGE_URL: exchangeUrl,
      BOT_DATA_DIR: dataDir,
      BOT_DEVTOOLS_PORT: new URL(origin).port,
      BOT_DEVTOOLS_FLEET: fleet.join(','),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  track(name, child, (c) => c.kill('SIGINT')); // the bot flushes its history, then exits
  return firstLine(child, name, (line) => /devtools: (http:\/\/\S+)$/.exec(line)?.[1]);
}

/** Forwards a child's lines (prefixed) and resolves with the first that `pick` finds something in. */
function firstLine(child, name, pick) {
  return new Promise((resolve, reject) => {
    let found = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(`[${name}] ${line}`);
      const value = found ? undefined : pick(line);
      if (value !== undefined) {
        found = true;
        resolve(value);
      }
    });
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${name} exited with ${code} before it was ready`));
    });
  });
}

function track(name, child, stopChild) {
  const entry = { name, child, stopChild, exited: new Promise((resolve) => child.once('exit', resolve)) };
  children.push(entry);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[fleet] ${name} exited (${signal ?? code}) on its own: stopping the fleet`);
      void stop(1);
    }
  });
}

/** Bots first (they flush into Redis), then the simulator, Redis last; a child that lingers 10 s is killed. */
function stop(code, signal) {
  if (stopping) {
    if (signal) {
      say(`${signal} again: killing everything now`);
      for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    return stopping;
  }
  if (signal) say(`${signal}: stopping the bots (they flush their history), the simulator, then Redis`);
  stopping = (async () => {
    const order = [
      ...children.filter((c) => c.name.startsWith('bot-')),
      ...children.filter((c) => !c.name.startsWith('bot-')),
    ];
    const running = (c) => c.child.exitCode === null && c.child.signalCode === null;
    const bots = order.filter((c) => c.name.startsWith('bot-'));
    await Promise.all(bots.map((c) => halt(c, running)));
    for (const c of order.filter((c) => !c.name.startsWith('bot-'))) await halt(c, running);
    rmSync(work, { recursive: true, force: true });
    say('stopped');
    process.exit(code);
  })();
  return stopping;
}

async function halt(entry, running) {
  if (running(entry)) entry.stopChild(entry.child);
  const timer = setTimeout(() => running(entry) && entry.child.kill('SIGKILL'), 10_000);
  await entry.exited;
  clearTimeout(timer);
}

function buildPanelIfStale() {
  const index = join(root, 'apps', 'devtools', 'dist', 'index.html');
  if (env.FLEET_BUILD_PANEL === '0' || (existsSync(index) && !newerThan(statSync(index).mtimeMs))) return;
  say('building the devtools panel…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@breakwater/devtools-app'], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) fail('building the devtools panel failed');
}

function newerThan(ms) {
  const dirs = [join(root, 'apps', 'devtools', 'src'), join(root, 'packages', 'devtools', 'src')];
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > ms,
    );
  return dirs.some(walk);
}

/** Node 20 runs no TypeScript, so bundle from source once (as the apps' start scripts do). */
function bundle(entry, name) {
  return bundleFromSource(entry, join(root, 'node_modules', '.cache', 'fleet', name));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
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
