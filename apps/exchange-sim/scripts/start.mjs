// Node 20 cannot run TypeScript: bundle the simulator's CLI from source (workspace packages via their source
// condition) with esbuild, then run it in this process with this command line.
//   node apps/exchange-sim/scripts/start.mjs --port 8787 --seed 7 --scenario lively
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFromSource } from '../../../scripts/bundleFromSource.mjs';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const { runCli } = await importFromSource(
  join(packageDir, 'src', 'cli.ts'),
  join(packageDir, 'node_modules', '.cache', 'exchange-sim', 'cli.mjs'),
);
await runCli(process.argv.slice(2), { packageDir });
