import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Builds from the packages' sources (the `@breakwater/source` export condition), so a clean checkout builds
// this app without building the packages first. `base: './'` lets startDevtoolsServer serve it at any path.
// `BREAKWATER_DEVTOOLS_URL=http://127.0.0.1:<port> npm run dev -w @breakwater/devtools-app` proxies /api to
// a running bot, so the panel can be worked on live.
const target = process.env['BREAKWATER_DEVTOOLS_URL'];

export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['@breakwater/source', ...defaultClientConditions] },
  // Source maps beside the bundles: stacks in the browser's devtools read as the TypeScript they came from.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  // Host kept as the browser sent it: the server refuses POSTs whose Origin does not name its Host.
  server: target ? { proxy: { '/api': { target } } } : {},
});
