// Node 20 cannot run TypeScript: bundle the bot from source (workspace packages via their source condition)
// with esbuild, then run it in this process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFromSource } from '../../../scripts/bundleFromSource.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// The devtools server serves the built panel: build it once on a fresh clone.
const devtoolsApp = join(root, '..', 'devtools', 'dist', 'index.html');
if (!existsSync(devtoolsApp)) {
  console.log('building the devtools panel (first start only)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@breakwater/devtools-app'], {
    stdio: 'inherit',
    cwd: join(root, '..', '..'),
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await importFromSource(join(root, 'src', 'main.ts'), join(root, 'node_modules', '.cache', 'node-bot', 'main.mjs'));
