// Node 20 cannot run TypeScript: bundle the bot from source (workspace packages via their source condition)
// with esbuild, then run it in this process.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// The devtools server serves the built panel: build it once on a fresh clone.
const devtoolsApp = join(root, '..', 'devtools', 'dist', 'index.html');
if (!existsSync(devtoolsApp)) {
  console.log('building the devtools panel (first start only)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@breakwater/devtools-app'], { stdio: 'inherit', cwd: join(root, '..', '..') });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const outDir = join(root, 'node_modules', '.cache', 'node-bot');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'main.mjs');
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
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
await import(pathToFileURL(outfile).href);
