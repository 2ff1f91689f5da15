// The measuring harness every `*.bench.mjs` file shares. A bench file calls `suite()` (and `target()`, `note()`)
// at top level; `scripts/run.mjs` imports every bench file in turn, then calls `report()` once.
//
// Method, per suite:
//   1. warm-up: each case runs in batches for `warmupMs`, which also sizes its batch to about `batchMs`;
//   2. `rounds` rounds; each round runs one batch of every case, in an order rotated every round, so machine
//      noise (other processes, CPU frequency, GC debt) lands on all cases alike;
//   3. a batch is N calls awaited one after the other, as a bot makes them; ns/call is the median over rounds,
//      the ratio to the baseline the median of the per-round ratios. A batch during which the process got less
//      than 90% of a CPU (process.cpuUsage() against the wall clock: another process ran on our core) is run
//      again, up to 4 times, so the samples describe the code rather than the scheduler;
//   4. with `--expose-gc`, bytes/call: heap growth over a long loop of already-optimised calls plus what the
//      GCs during it freed (V8's GCProfiler), median of 5 samples.
// A case may be `{ prepare(calls), run }` instead of a function: `prepare` runs before every batch (and before
// every allocation sample), untimed, and makes the inputs that many calls consume (fresh errors, say).

import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { formatTable, formatNumber } from './table.mjs';

const AsyncFunction = (async () => {}).constructor;

/**
 * @type {Array<
 *   | { kind: 'suite', title: string, rows: Row[], baseline: string, hasBytes: boolean, unit: string,
 *       perSecond: boolean, disturbed: string }
 *   | { kind: 'target', text: string, met: boolean }
 *   | { kind: 'note', text: string }
 * >}
 */
const entries = [];

/**
 * @typedef {{ name: string, ns: number, spread: number, ratio: number, bytes: number | undefined, calls: number }} Row
 *   `ns`: median ns/call; `spread`: half the interquartile range, as a fraction of `ns`; `ratio`: to the
 *   baseline; `bytes`: per call; `calls`: batch size.
 * @typedef {{ baseline?: string, rounds?: number, batchMs?: number, warmupMs?: number, expect?: unknown,
 *   allocations?: boolean, allocationCalls?: number, unit?: string, perSecond?: boolean }} SuiteOptions
 *   `unit`: what one call is, for the column headers (`ns/error`, `bytes/error`); default `call`.
 *   `perSecond`: adds a `<unit>s/s` column (1e9 / ns per call). `allocationCalls`: calls per bytes/call sample
 *   (default 65 536; fewer for slow cases or cases whose `prepare` makes big inputs).
 * @typedef {(() => unknown) | { run: () => unknown, prepare?: (calls: number) => void }} Case
 */

/**
 * Measures each case (`name → () => value or promise`, or `name → { prepare(calls), run }`) as ns per awaited
 * call, plus bytes per call when `gc` is exposed. `expect`, when given, is checked against every case's result
 * once before measuring.
 * @param {string} title
 * @param {Record<string, Case>} cases
 * @param {SuiteOptions} [options]
 */
export async function suite(title, cases, options = {}) {
  const names = Object.keys(cases);
  if (names.length === 0) throw new RangeError(`suite "${title}": no cases`);
  const {
    baseline = names[0],
    rounds = 101,
    batchMs = 5,
    warmupMs = 300,
    allocations = true,
    allocationCalls = 65_536,
    unit = 'call',
    perSecond = false,
  } = options;
  if (!names.includes(baseline)) throw new RangeError(`suite "${title}": baseline "${baseline}" is not a case`);

  const runs = names.map((name, index) => {
    const c = cases[name];
    const [run, prepare] = typeof c === 'function' ? [c, undefined] : [c?.run, c?.prepare];
    if (typeof run !== 'function')
      throw new TypeError(`suite "${title}": case "${name}" is neither a function nor { run, prepare }`);
    return { name, run, prepare, loop: compileLoop(title, index), n: 0, samples: [] };
  });
  progress(`${title}: checking and warming up ${runs.length} cases`);
  for (const r of runs) {
    if ('expect' in options) {
      r.prepare?.(1);
      const value = await r.run();
      if (value !== options.expect)
        throw new Error(`suite "${title}": case "${r.name}" gave ${String(value)}, expected ${String(options.expect)}`);
    }
    r.n = await warmUp(r, warmupMs, batchMs);
  }

  progress(`${title}: ${rounds} interleaved rounds of ~${batchMs} ms batches`);
  let rerun = 0;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const r = runs[(round + k) % runs.length];
      let sample = await batch(r, r.n);
      for (let again = 0; sample.cpuShare < MIN_CPU_SHARE && again < 4; again++, rerun++) sample = await batch(r, r.n);
      r.samples.push(sample.ns);
    }
    await yieldToEventLoop(); // let timers (e.g. opossum's bucket rotation) run between rounds, as in a live bot
  }

  const measureBytes = allocations && typeof globalThis.gc === 'function';
  const bytes = new Map();
  if (measureBytes) {
    progress(`${title}: allocation per call`);
    for (const r of runs) bytes.set(r.name, await bytesPerCall(r, allocationCalls));
  }

  const samplesOf = (name) => {
    const found = runs.find((r) => r.name === name);
    if (!found) throw new RangeError(`suite "${title}": no case "${name}"`);
    return found.samples;
  };
  // Ratios are taken within each round, then their median: a slow stretch of the machine slows the whole round,
  // so a per-round ratio cancels it where a ratio of medians would not.
  const ratio = (a, b = baseline) => {
    const of = samplesOf(b);
    return median(samplesOf(a).map((x, i) => x / of[i]));
  };

  /** @type {Row[]} */
  const rows = runs.map((r) => {
    const ns = median(r.samples);
    const spread = (quantile(r.samples, 0.75) - quantile(r.samples, 0.25)) / 2 / ns;
    return { name: r.name, ns, spread, ratio: ratio(r.name), bytes: bytes.get(r.name), calls: r.n };
  });
  const batches = rounds * runs.length;
  const disturbed =
    `${rerun} batch re-runs (${((100 * rerun) / batches).toFixed(0)}% of ${batches}): ` +
    `the process had < ${MIN_CPU_SHARE * 100}% of a CPU`;
  entries.push({ kind: 'suite', title, rows, baseline, hasBytes: measureBytes, unit, perSecond, disturbed });

  return {
    rows,
    /** Median ns per call of a case. */
    ns: (name) => median(samplesOf(name)),
    /** Calls per second of a case at its median ns per call. */
    perSecond: (name) => 1e9 / median(samplesOf(name)),
    /** Median bytes per call of a case; undefined without `--expose-gc`. */
    bytes: (name) => {
      samplesOf(name); // throws for an unknown case
      return bytes.get(name);
    },
    /** How many times slower case `a` is than case `b` (default: the baseline): median of per-round ratios. */
    ratio,
  };
}

/** Records a target line: `actual` must be ≤ `max` or ≥ `min`. Returns whether it is met. */
export function target(text, actual, { max, min, unit = '×' }) {
  const met = (max === undefined || actual <= max) && (min === undefined || actual >= min);
  const bound = max !== undefined ? `≤ ${max}${unit}` : `≥ ${min}${unit}`;
  entries.push({
    kind: 'target',
    met,
    text: `${met ? 'MET    ' : 'NOT MET'}  ${text}: ${formatNumber(actual, 2)}${unit} (target ${bound})`,
  });
  return met;
}

/** Records a free-text line printed in order with the tables. */
export function note(text) {
  entries.push({ kind: 'note', text });
}

/** Prints everything recorded so far, in order; returns the number of targets not met. */
export function report(write = (line) => process.stdout.write(`${line}\n`)) {
  let missed = 0;
  for (const entry of entries) {
    if (entry.kind === 'suite') {
      write('');
      write(`## ${entry.title}`);
      write(formatTable(entry.rows, entry.baseline, entry.hasBytes, { unit: entry.unit, perSecond: entry.perSecond }));
      write(`(${entry.disturbed})`);
      write('');
    } else if (entry.kind === 'target') {
      if (!entry.met) missed++;
      write(`  ${entry.text}`);
    } else {
      write(entry.text);
    }
  }
  return missed;
}

/**
 * A fresh function per case, not one shared loop: V8 keeps type feedback per function, so a shared loop would
 * see every case's promise shapes at its `run()` and `await`, go polymorphic and slow the cases unequally. The
 * comment makes each source unique, so V8's eval cache cannot hand back one shared function either.
 */
function compileLoop(title, index) {
  return new AsyncFunction(
    'run',
    'n',
    `/* ${JSON.stringify(title)} case ${index} */ for (let i = 0; i < n; i++) await run();`,
  );
}

/** Below this share of one CPU during a batch, another process took our core for a while: run it again. */
const MIN_CPU_SHARE = 0.9;

/**
 * ns per call over one batch of case `r`, and the share of a CPU the process had meanwhile (> 1 when GC threads
 * helped). The case's `prepare` runs first, untimed.
 */
async function batch(r, n) {
  r.prepare?.(n);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await r.loop(r.run, n);
  const ns = Number(process.hrtime.bigint() - start);
  const { user, system } = process.cpuUsage(cpu);
  return { ns: ns / n, cpuShare: ((user + system) * 1000) / ns };
}

/** Runs the case for `warmupMs` in growing batches; returns the batch size that takes about `batchMs`. */
async function warmUp(r, warmupMs, batchMs) {
  const end = performance.now() + warmupMs;
  let n = 256;
  let { ns } = await batch(r, n);
  while (performance.now() < end) {
    if (n * ns < (batchMs * 1e6) / 4) n *= 2;
    ({ ns } = await batch(r, n));
    await yieldToEventLoop();
  }
  return Math.max(100, Math.round((batchMs * 1e6) / ns));
}

/**
 * Bytes allocated per call: heap growth over `calls` calls of the (already optimised) loop, plus what every GC
 * during it freed, as V8's GCProfiler reports each GC's heap size before and after. Counting what GCs freed
 * keeps the loop long (65 536 calls, so page-sized accounting steps of 256 KiB are ≤ 4 B/call) without
 * needing it to fit in the young generation. Median of 5 samples, each after the case's `prepare` (its inputs
 * are not counted) and a full GC.
 */
async function bytesPerCall(r, calls) {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    r.prepare?.(calls);
    globalThis.gc();
    const profiler = new GCProfiler();
    profiler.start();
    const before = getHeapStatistics().used_heap_size;
    await r.loop(r.run, calls);
    const after = getHeapStatistics().used_heap_size;
    let freed = 0;
    for (const gc of profiler.stop().statistics)
      freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    samples.push((after - before + freed) / calls);
    await yieldToEventLoop();
  }
  return median(samples);
}

function yieldToEventLoop() {
  return new Promise((resolve) => setImmediate(resolve));
}

function median(values) {
  return quantile(values, 0.5);
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

function progress(text) {
  process.stderr.write(`… ${text}\n`);
}
