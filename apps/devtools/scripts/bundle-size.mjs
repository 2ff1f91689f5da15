#!/usr/bin/env node
// Gzip sizes of the devtools panel's production bundles, for `npm run bench` and the README's budget.
//
//   node apps/devtools/scripts/bundle-size.mjs [--no-build] [--json] [--check]
//
// app    the standalone app (apps/devtools/dist, built here unless --no-build): React + ReactDOM + the panel
// panel  what `<BreakwaterDevtools/>` adds to an app that already has React (React external), minified
//        as an app build would; "without zod" shows how much of it is the protocol's schemas (zod)
// --check exits 1 when a size is over its budget.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, defaultClientConditions } from 'vite';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

/** Budgets in gzip bytes (see the README). */
const BUDGETS = { app: 120 * 1024, panel: 48 * 1024, panelWithoutZod: 22 * 1024 };

const gzip = (code) => gzipSync(code, { level: 9 }).length;

async function appSizes() {
  if (!args.has('--no-build')) await build({ root: appDir, logLevel: 'warn' });
  const dist = join(appDir, 'dist');
  const files = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(js|css|html)$/.test(entry.name)) files.push(path);
    }
  };
  await walk(dist);
  const sizes = [];
  for (const file of files.sort()) {
    const body = await readFile(file);
    sizes.push({ file: relative(dist, file), bytes: body.length, gzip: gzip(body) });
  }
  return sizes;
}

/** The panel as an app would bundle it: one entry that renders it, with React (and maybe zod) left out. */
async function panelSize(external) {
  const entry = '\0breakwater-panel-entry';
  const result = await build({
    configFile: false,
    root: appDir,
    logLevel: 'warn',
    plugins: [
      react(),
      {
        name: 'panel-entry',
        resolveId: (id) => (id === entry ? id : null),
        load: (id) =>
          id === entry
            ? `import { BreakwaterDevtools } from '@breakwater/devtools';\nexport default BreakwaterDevtools;`
            : null,
      },
    ],
    resolve: { conditions: ['@breakwater/source', ...defaultClientConditions] },
    build: {
      write: false,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: {
        input: entry,
        external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
        preserveEntrySignatures: 'strict',
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const code = outputs
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  return { bytes: Buffer.byteLength(code), gzip: gzip(code) };
}

const reactPackages = ['react', 'react-dom', 'scheduler'];
const app = await appSizes();
const appTotal = app.reduce((sum, f) => sum + f.gzip, 0);
const panel = await panelSize(reactPackages);
const panelWithoutZod = await panelSize([...reactPackages, 'zod']);
const report = {
  app: { files: app, gzip: appTotal, budget: BUDGETS.app },
  panel: { ...panel, budget: BUDGETS.panel },
  panelWithoutZod: { ...panelWithoutZod, budget: BUDGETS.panelWithoutZod },
};

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
if (args.has('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log('devtools bundle sizes (gzip -9)');
  for (const f of app)
    console.log(`  app  ${f.file.padEnd(28)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzip).padStart(8)}`);
  const line = (name, gz, budget) =>
    console.log(
      `  ${name.padEnd(33)} gzip ${kb(gz).padStart(8)}  budget ${kb(budget).padStart(8)}  ` +
        (gz <= budget ? 'ok' : 'OVER'),
    );
  line('app total (React + panel)', appTotal, BUDGETS.app);
  line('panel (React external)', panel.gzip, BUDGETS.panel);
  line('panel without React and zod', panelWithoutZod.gzip, BUDGETS.panelWithoutZod);
}
const over = [appTotal > BUDGETS.app, panel.gzip > BUDGETS.panel, panelWithoutZod.gzip > BUDGETS.panelWithoutZod].some(
  Boolean,
);
if (args.has('--check') && over) process.exitCode = 1;
