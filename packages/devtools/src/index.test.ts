// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('@breakwater/devtools entry', () => {
  it('imports without a DOM and leaves no trace: an app that never renders the panel can drop all of it', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const entry = await import('./index.ts');
    const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
    // zod (the protocol's schemas) keeps its registry on globalThis when loaded; nothing else may appear.
    expect(added.filter((name) => !name.startsWith('__zod_'))).toEqual([]);
    expect(Object.keys(entry).sort()).toEqual([
      'BreakersView',
      'BreakwaterDevtools',
      'ChartsView',
      'ConnectionStatus',
      'DEFAULT_LIMITS',
      'DevtoolsPanel',
      'DevtoolsStore',
      'FleetDevtools',
      'FleetStore',
      'HistoryView',
      'StatsView',
      'TimelineView',
      'broadcastSource',
      'inPageSource',
      'parsePanelAddress',
      'remoteSource',
      'useDevtoolsState',
      'useNow',
    ]);
  });

  it('declares itself free of side effects for bundlers', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      sideEffects: unknown;
    };
    expect(pkg.sideEffects).toBe(false);
  });
});
