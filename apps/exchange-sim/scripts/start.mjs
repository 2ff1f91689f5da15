// Node 20 cannot run TypeScript: bundle the simulator's CLI from source (workspace packages via their source
// condition) with esbuild, then run it in this process with this command line.
//   node apps/exchange-sim/scripts/start.mjs --port 8787 --seed 7 --scenario lively
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(packageDir, 'node_modules', '.cache', 'exchange-sim');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'cli.mjs');
await build({
  entryPoints: [join(packageDir, 'src', 'cli.ts')],
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
const { runCli } = await import(pathToFileURL(outfile).href);
await runCli(process.argv.slice(2), { packageDir });
