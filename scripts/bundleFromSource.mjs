// Node 20 cannot run TypeScript. The start scripts (apps/node-bot's for `npm start`, apps/exchange-sim's for
// `npm run trading-ui`, and scripts/fleet.mjs) bundle their entry from source with esbuild — workspace packages
// through their `@breakwater/source` condition — then run the bundle; tests that run a real child process (the
// file store's kill and race tests, the Redis fleet tests, the e2e fixtures) bundle it the same way. This is that
// one bundling step.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bundles the TypeScript file `entry` for Node 20 into `outfile` (an ES module, source map inline); returns it. */
export async function bundleFromSource(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    conditions: ['@breakwater/source'],
    packages: 'bundle',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

/** `bundleFromSource`, then the bundle imported into this process: its module namespace. */
export async function importFromSource(entry, outfile) {
  return import(pathToFileURL(await bundleFromSource(entry, outfile)).href);
}
