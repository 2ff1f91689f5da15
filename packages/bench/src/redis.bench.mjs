// @breakwater/redis (built to dist/ as users run it) against a private redis-server on loopback: sustained
// append throughput of the Streams store (one script call per batch), and the latency of a shared rate-limit
// decision (one EVALSHA round trip), and shared breakers: how fast a transition reaches another process's
// breaker (pub/sub), and what sharing costs a successful call (nothing reaches Redis on that path). Needs
// /usr/bin/redis-server.
//
// The runner builds only @breakwater/core, so this file builds @breakwater/redis itself (`tsc -b packages/redis`).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { note, suite, target } from './harness.mjs';

const redisDir = fileURLToPath(new URL('../../redis/', import.meta.url));
const build = buildRedis();
const { redisStore, sharedRateLimit, sharedBreakers } = await import('@breakwater/redis');
const { BreakerRegistry, CircuitBreaker } = await import('@breakwater/core');
const { startRedisServer } = await import('@breakwater/redis/testing');

const T0 = Date.UTC(2024, 5, 1);
/** A stored error as the handler writes it (no stack): ~400 bytes of JSON, as in fileStore.bench.mjs. */
function errorRecord(i) {
  return {
    id: `err_${(T0 + i).toString(36)}_${i.toString(36).padStart(6, '0')}`,
    operation: 'fetch_ticker',
    component: ['kraken', 'binance', 'coinbase', 'bybit'][i % 4],
    category: 'network',
    severity: 'medium',
    retryable: true,
    retryCount: i % 3,
    maxRetries: 3,
    timestamp: T0 + i * 10,
    name: 'RequestTimeout',
    message: 'kraken GET /0/public/Ticker?pair=XBTUSD timed out after 10000 ms',
    code: 'ETIMEDOUT',
    fingerprint: 'b7c1e9a04f3d2e61',
    metadata: { symbol: 'BTC/USD', side: i & 1 ? 'sell' : 'buy', amount: 0.25, price: 43210.5, attempt: 2 },
  };
}
const batchOf = (first, size) => Array.from({ length: size }, (_, k) => errorRecord(first + k));

const server = await startRedisServer();
try {
  // --- append: sustained, wall clock over the whole run, batches as the handler's writer sends them ---
  const TOTAL = 200_000;
  const rates = {};
  for (const size of [100, 1000]) {
    const store = redisStore({ url: server.url, keyPrefix: `bench-${size}`, timeoutMs: 5000 });
    await store.append(batchOf(0, size)); // connected, script loaded
    const started = performance.now();
    for (let i = size; i < TOTAL + size; i += size) await store.append(batchOf(i, size));
    await store.flush();
    rates[size] = TOTAL / ((performance.now() - started) / 1000);
    if ((await store.count()) !== TOTAL + size)
      throw new Error(`redis bench: expected ${TOTAL + size} records, found ${await store.count()}`);
    const newest = await store.query({ limit: 100 });
    if (newest.records[0].id !== errorRecord(TOTAL + size - 1).id)
      throw new Error('redis bench: the newest record is not the last appended');
    await store.close();
  }
  note('targets');
  target(`redis store append, sustained over ${TOTAL.toLocaleString('en-US')} records, batches of 1000`, rates[1000], {
    min: 50_000,
    unit: ' records/s',
  });
  note(
    `  (batches of 100, the handler writer's default: ${Math.round(rates[100]).toLocaleString('en-US')} records/s; ` +
      'one script call per batch, record creation included)',
  );

  // --- shared rate limit: one acquire() is one EVALSHA round trip ---
  const open = sharedRateLimit({ url: server.url, key: 'bench:open', ratePerSecond: 1e9, burst: 1_000_000 });
  const shut = sharedRateLimit({ url: server.url, key: 'bench:shut', ratePerSecond: 0.001 });
  await open.acquire();
  await shut.acquire();
  const ALLOWED = 'acquire(): allowed';
  const latency = await suite(
    'sharedRateLimit: one acquire() over loopback (GCRA in Lua, EVALSHA)',
    { [ALLOWED]: () => open.acquire(), 'acquire(): denied': () => shut.acquire() },
    { unit: 'acquire', rounds: 31, allocationCalls: 2048 },
  );
  await Promise.all([open.close(), shut.close()]);
  note('targets');
  target('shared rate limit acquire() latency, median', latency.ns(ALLOWED) / 1e6, { max: 1, unit: ' ms' });

  // --- shared breakers: two "processes" (registries with their own connections) on one Redis ---
  const fleet = [new BreakerRegistry(), new BreakerRegistry()].map((registry) => ({
    registry,
    breaker: registry.get('kraken'),
    shared: sharedBreakers({ url: server.url, registry, keyPrefix: 'bench' }),
  }));
  await Promise.all(fleet.map((m) => m.shared.ready));
  const [here, there] = fleet;
  const lags = [];
  for (let i = 0; i < 400; i++) {
    const seen = new Promise((resolve) => {
      const stop = there.breaker.onStateChange(() => {
        stop();
        resolve(performance.now());
      });
    });
    const started = performance.now();
    if (i % 2 === 0) here.breaker.isolate();
    else here.breaker.reset();
    lags.push((await seen) - started);
  }
  lags.sort((x, y) => x - y);
  const p = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
  note(
    "sharedBreakers: a transition in one process seen by another's breaker (pub/sub over loopback), " +
      `${lags.length} transitions: ` +
      `p50 ${p(0.5).toFixed(2)} ms, p99 ${p(0.99).toFixed(2)} ms, max ${p(1).toFixed(2)} ms`,
  );

  const fn = async () => 42;
  const local = new CircuitBreaker({ name: 'local' });
  const LOCAL = 'local breaker: breaker.call(fn)';
  const SHARED = 'shared breaker (sharedBreakers attached): breaker.call(fn)';
  const success = await suite(
    'sharedBreakers: one successful async call on a CLOSED breaker (fn = async () => 42)',
    { [LOCAL]: () => local.call(fn), [SHARED]: () => here.breaker.call(fn) },
    { expect: 42 },
  );
  await Promise.all(fleet.map((m) => m.shared.close()));
  note('targets');
  target('shared breaker transition propagation, p99', p(0.99), { max: 100, unit: ' ms' });
  target('shared breaker success path ÷ local breaker', success.ratio(SHARED, LOCAL), { max: 1.1 });
  note(`  (@breakwater/redis from ${fileURLToPath(import.meta.resolve('@breakwater/redis'))}; ${build})`);
} finally {
  await server.stop();
}

/** `tsc -b packages/redis`; like the runner's core build, a type error does not stop the bench (tsc emits anyway). */
function buildRedis() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status, stdout, stderr, error } = spawnSync(process.execPath, [tsc, '-b', redisDir], { encoding: 'utf8' });
  if (error) throw error;
  if (status === 0) return 'redis build: clean';
  const errors = `${stdout}${stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  process.stderr.write(`${errors.slice(0, 10).join('\n')}\n`);
  return (
    `redis build: ${errors.length} type error(s), ` +
    'benchmarking the JavaScript tsc emitted anyway (first ones on stderr)'
  );
}
