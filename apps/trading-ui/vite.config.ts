import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Builds from the packages' sources (the `@breakwater/source` export condition), so a clean checkout builds
// this app without building the packages first. `base: './'`: the simulator serves the built app at `/`
// (`--static apps/trading-ui/dist`) and the page talks to the API next to it, same origin.
// `BREAKWATER_SIM_URL=http://127.0.0.1:8787 npm run dev -w @breakwater/trading-ui` proxies /api to a running
// simulator, so the screen can be worked on live.
const target = process.env['BREAKWATER_SIM_URL'];

export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['@breakwater/source', ...defaultClientConditions] },
  // Source maps beside the bundles: stacks in the browser's devtools read as the TypeScript they came from.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: target ? { proxy: { '/api': { target, changeOrigin: true } } } : {},
});
