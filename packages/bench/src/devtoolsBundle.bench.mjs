// The devtools panel's production bundle size (gzip), against the budget in the README. Built from source by
// apps/devtools/scripts/bundle-size.mjs; nothing is timed here.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { note, target } from './harness.mjs';

const script = fileURLToPath(new URL('../../../apps/devtools/scripts/bundle-size.mjs', import.meta.url));
const sizes = JSON.parse(
  execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
);
const kB = (bytes) => bytes / 1024;

note('devtools panel bundle (gzip, level 9)');
target('standalone app (React + ReactDOM + panel) ≤ 120 kB', kB(sizes.app.gzip), { max: 120, unit: ' kB' });
target('panel in an app that already has React ≤ 48 kB', kB(sizes.panel.gzip), { max: 48, unit: ' kB' });
target("panel's own code (without React and zod) ≤ 22 kB", kB(sizes.panelWithoutZod.gzip), { max: 22, unit: ' kB' });
