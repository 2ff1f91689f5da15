// IndexedDB append throughput in Chromium: @breakwater/browser's indexedDbStore (schema v2: a row per batch, its
// `chunk`, plus a summary row) against plain IndexedDB with a row per record and five indexes (schema v1's
// layout), the same without indexes (what the indexes cost), and plain IndexedDB storing each batch as one value
// with no index (the ceiling: Chromium pays per row, far more than per byte). A tiny page is bundled
// by vite from the packages' sources, served on 127.0.0.1 and driven by playwright-core on Debian's chromium;
// the page times itself with performance.now(). Target: ≥ 20,000 records/s through the store.
// Then, for information only, the store is filled to 100,000 records and a few reads are timed on it.
//
// Unlike the other benches this one does not use `suite()`: the work happens in the browser, not in this
// process, so per-call ns and bytes mean nothing here. Rounds interleave the cases (as `suite()` does) and the
// median round is reported.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumExecutable } from '../../../scripts/chromium.mjs';
import { note, target } from './harness.mjs';

const TARGET = 20_000;
const BATCH = 100;
const BATCHES_PER_ROUND = 30; // 3,000 records per case and round
const ROUNDS = 5;
const READ_AT = 100_000; // records in the store when reads are timed
const READ_REPEATS = 15;

const STORE = 'indexedDbStore.append(batch)';
const RAW = 'plain IndexedDB, row per record (v1)';
const BARE = 'plain IndexedDB, row per record, no index';
const CHUNK = 'plain IndexedDB, one value per batch';

async function measure() {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'breakwater-idb-bench-'));
  let browser;
  let server;
  try {
    await buildPage(dir);
    server = await serve(join(dir, 'dist'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumExecutable,
      args: [...chromiumArgs],
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    process.stderr.write(
      `… IndexedDB append in Chromium: ${ROUNDS} rounds × 4 cases × ${BATCHES_PER_ROUND} batches of ${BATCH}\n`,
    );
    const result = await page.evaluate((options) => window.idbBench(options), {
      batch: BATCH,
      batches: BATCHES_PER_ROUND,
      rounds: ROUNDS,
      readAt: READ_AT,
      readRepeats: READ_REPEATS,
    });
    if (errors.length > 0) throw new Error(`bench page failed: ${errors.join('; ')}`);
    report(result, (performance.now() - started) / 1000);
  } finally {
    await Promise.all([browser?.close(), server?.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

function report(result, seconds) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rows = [STORE, RAW, BARE, CHUNK].map((name) => {
    const perSecond = result.rounds.map((round) => round[name]);
    return { name, median: median(perSecond), min: Math.min(...perSecond), max: Math.max(...perSecond) };
  });
  const width = Math.max(...rows.map((r) => r.name.length));
  const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(9);
  note('');
  note(
    `## IndexedDB append in Chromium ${result.browser}: ` +
      `records/s, batches of ${BATCH}, ~${result.recordBytes} B records`,
  );
  note(`${'case'.padEnd(width)}  records/s (median)  min..max over ${ROUNDS} rounds   × store`);
  const store = rows[0].median;
  for (const r of rows) {
    const range = `${fmt(r.min)}..${fmt(r.max).trim()}`;
    note(`${r.name.padEnd(width)}  ${fmt(r.median)}           ${range}   ${(r.median / store).toFixed(2)}`);
  }
  note(
    `(${ROUNDS} rounds of ${BATCHES_PER_ROUND * BATCH} records per case, cases interleaved; ` +
      'one readwrite transaction per batch, each batch awaited; ' +
      `${seconds.toFixed(1)} s with build and launch)`,
  );
  note('targets');
  target(`${STORE} into IndexedDB`, store, { min: TARGET, unit: ' records/s' });
  note(
    `  (the store ÷ a row per record as v1 stored it: ${(store / rows[1].median).toFixed(2)}×; ` +
      `there the 5 indexes cost ${(100 * (1 - rows[1].median / rows[2].median)).toFixed(0)}% of plain throughput;`,
  );
  note(
    `   the store ÷ one bare value per batch, the ceiling of a row per batch: ` +
      `${(store / rows[3].median).toFixed(2)}×; the rest is the chunk's list indexes and summary row)`,
  );
  if (result.reads) {
    note('');
    note(
      `## indexedDbStore reads in Chromium with ${result.reads.records.toLocaleString('en-US')} records stored ` +
        '(information, no target)',
    );
    const readWidth = Math.max(...Object.keys(result.reads.ms).map((name) => name.length));
    note(`${'call'.padEnd(readWidth)}  ms (median of ${READ_REPEATS})`);
    for (const [name, ms] of Object.entries(result.reads.ms))
      note(`${name.padEnd(readWidth)}  ${ms.toFixed(2).padStart(8)}`);
  }
}

/** Bundles the bench page with vite from the packages' sources (`@breakwater/source` condition), as e2e tests do. */
async function buildPage(dir) {
  const { build, defaultClientConditions } = await import('vite');
  const browserEntry = fileURLToPath(new URL('../../browser/src/index.ts', import.meta.url));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
      '<script type="module" src="./main.js"></script></head><body>IndexedDB bench</body></html>',
  );
  await writeFile(join(dir, 'main.js'), PAGE_SOURCE);
  await build({
    configFile: false,
    root: dir,
    base: './',
    logLevel: 'warn',
    resolve: {
      alias: { '@breakwater/browser': browserEntry },
      conditions: ['@breakwater/source', ...defaultClientConditions],
    },
    build: { outDir: join(dir, 'dist'), emptyOutDir: true },
  });
}

/** The page: three append loops, interleaved round by round, each timed with performance.now(). */
const PAGE_SOURCE = `
import { indexedDbStore } from '@breakwater/browser';

const run = Date.now().toString(36);
const pad = 'x'.repeat(120);
let n = 0;
function record() {
  const i = n++;
  return {
    id: 'bench-' + i, operation: 'create_order', component: ['kraken', 'binance', 'coinbase'][i % 3],
    category: ['network', 'api', 'data'][i % 3], severity: ['medium', 'high', 'low'][i % 3], retryable: true,
    retryCount: i % 4, maxRetries: 3, timestamp: 1700000000000 + i, name: 'NetworkError',
    message: 'ECONNRESET while placing order ' + i + ' ' + pad, fingerprint: 'fp' + (i % 50),
    metadata: { symbol: 'BTC/USD', side: 'buy', amount: 0.25 },
  };
}
const batchOf = (size) => Array.from({ length: size }, record);

function rawOpen(name, indexed) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('records', { autoIncrement: true });
      if (!indexed) return;
      for (const f of ['fingerprint', 'component', 'category', 'severity', 'timestamp']) store.createIndex(f, f);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
function rawAppend(db, records) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('records', 'readwrite', { durability: 'relaxed' });
    const store = tx.objectStore('records');
    for (const r of records) store.add(r);
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** The median time of \`repeats\` awaited calls of \`fn\`, in ms. */
async function timed(repeats, fn) {
  const ms = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

/** Reads on a store holding \`readAt\` records: the newest page, the next one, filtered pages and counts. */
async function reads(store, { batch, readAt, readRepeats }) {
  let stored = await store.count();
  while (stored < readAt) {
    const size = Math.min(batch, readAt - stored);
    await store.append(batchOf(size));
    stored += size;
  }
  const first = await store.query({ limit: 100 });
  const newestSecond = 1700000000000 + n - 1000; // one record per ms: the newest 1,000 records
  const oldestTen = 1700000000000 + 10000; // among the first records stored (the rest went to the other cases)
  const ms = {
    'query({ limit: 100 })': await timed(readRepeats, () => store.query({ limit: 100 })),
    'query({ limit: 100, cursor }), 2nd page':
      await timed(readRepeats, () => store.query({ limit: 100, cursor: first.nextCursor })),
    'query({ fingerprint, limit: 100 })':
      await timed(readRepeats, () => store.query({ fingerprint: 'fp7', limit: 100 })),
    'query({ from: newest second, limit: 100 })':
      await timed(readRepeats, () => store.query({ from: newestSecond, limit: 100 })),
    'query({ to: oldest 10 s, limit: 100 })':
      await timed(readRepeats, () => store.query({ to: oldestTen, limit: 100 })),
    'count()': await timed(readRepeats, () => store.count()),
    'count({ from: newest second })': await timed(readRepeats, () => store.count({ from: newestSecond })),
    'count({ component }) (a third of all)': await timed(3, () => store.count({ component: 'kraken' })),
  };
  return { records: await store.count(), ms };
}

window.idbBench = async ({ batch, batches, rounds, readAt, readRepeats }) => {
  const store = indexedDbStore({ dbName: 'bench-store-' + run });
  if ((await store.open()) !== 'indexeddb') throw new Error('the store fell back to memory');
  const raw = await rawOpen('bench-raw-' + run, true);
  const bare = await rawOpen('bench-bare-' + run, false);
  const chunks = await rawOpen('bench-chunks-' + run, false);
  const cases = {
    '${STORE}': (records) => store.append(records),
    '${RAW}': (records) => rawAppend(raw, records),
    '${BARE}': (records) => rawAppend(bare, records),
    '${CHUNK}': (records) => rawAppend(chunks, [records]),
  };
  const names = Object.keys(cases);
  for (const name of names) for (let i = 0; i < 10; i++) await cases[name](batchOf(batch)); // warm-up
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const perSecond = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const inputs = Array.from({ length: batches }, () => batchOf(batch)); // made before timing
      const start = performance.now();
      for (const records of inputs) await cases[name](records);
      perSecond[name] = (batches * batch * 1000) / (performance.now() - start);
    }
    results.push(perSecond);
  }
  if (store.mode !== 'indexeddb') throw new Error('the store fell back to memory during the run');
  raw.close();
  bare.close();
  chunks.close();
  const measuredReads = await reads(store, { batch, readAt, readRepeats });
  if (store.mode !== 'indexeddb') throw new Error('the store fell back to memory during the reads');
  await store.close();
  const recordBytes = Math.round(JSON.stringify(batchOf(100)).length / 100);
  const browser = navigator.userAgent.match(/Chrome\\/([\\d.]+)/)?.[1] ?? '';
  return { rounds: results, reads: measuredReads, recordBytes, browser };
};
`;

async function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript' };
  // Cannot reject: everything that may fail is inside the try.
  const respond = async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = join(root, path === '/' ? 'index.html' : path.replace(/\.\.+/g, ''));
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  };
  const server = createServer((request, response) => void respond(request, response));
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// Last, so every constant above (the page source included) is initialised before it runs.
if (!existsSync(chromiumExecutable)) {
  note('');
  note('## IndexedDB append in Chromium');
  note(`skipped: no ${chromiumExecutable} (apt-get install chromium, or set BREAKWATER_CHROMIUM)`);
} else {
  await measure();
}
