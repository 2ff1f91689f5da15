// Builds @breakwater/core, then runs every `src/*.bench.mjs` (or those whose name contains one of the arguments)
// in name order, each in a fresh process (a bench that launches Chromium or fills a 400 MB store must not slow
// the next one: a bare await was seen to take 5x longer after them), and prints the reports.
// `npm run bench -- resilience` runs only resilience.bench.mjs; `--no-build` skips the build. `npm run bench`
// passes --expose-gc (bytes/call).

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { report } from '../src/harness.mjs';
import { buildCore } from './build-core.mjs';

const srcDir = new URL('../src/', import.meta.url);
const args = process.argv.slice(2);

// Child mode: run one bench file and print its report.
if (args[0] === '--child') {
  await import(new URL(args[1], srcDir).href);
  report();
  process.exit(0);
}

const filters = args.filter((arg) => !arg.startsWith('--'));
const files = readdirSync(srcDir)
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no bench file in ${fileURLToPath(srcDir)} matches ${filters.join(', ')}`);
  process.exit(1);
}

const build = args.includes('--no-build') ? 'core build: skipped (--no-build)' : buildCore();
const core = fileURLToPath(import.meta.resolve('@breakwater/core'));
console.log(`# Breakwater bench — ${new Date().toISOString()}`);
console.log(
  `node ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}, ` +
    `${cpus()[0]?.model ?? 'unknown CPU'} × ${availableParallelism()}`,
);
console.log(`@breakwater/core from ${core}; ${build}`);
// Other processes share the CPU: the load average says how much the numbers below may be disturbed.
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
if (typeof globalThis.gc !== 'function') console.log('bytes/call not measured: run node with --expose-gc');

const started = performance.now();
const execArgv = typeof globalThis.gc === 'function' ? ['--expose-gc'] : [];
let failed = 0;
for (const file of files) {
  const child = spawnSync(process.execPath, [...execArgv, fileURLToPath(import.meta.url), '--child', file], {
    stdio: 'inherit',
  });
  if (child.status !== 0) {
    failed++;
    console.error(`${file}: exited with ${child.status ?? child.signal}`);
  }
}
if (failed > 0) process.exitCode = 1;
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; load average at end: ${load()}`);
