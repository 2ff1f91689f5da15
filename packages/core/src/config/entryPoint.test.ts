import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every module the root entry reaches through static imports (type-only imports vanish and are skipped). */
function reachable(entry: URL): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (url: URL) => {
    if (files.has(url.pathname)) return;
    files.add(url.pathname);
    const source = readFileSync(url, 'utf8');
    for (const [, typeOnly, specifier] of source.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      if (typeOnly !== undefined || specifier === undefined) continue;
      if (specifier.startsWith('.')) visit(new URL(specifier, url));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('@breakwater/core entry points', () => {
  it('keeps zod, yaml and the config folder out of the root entry', () => {
    const { files, packages } = reachable(new URL('../index.ts', import.meta.url));
    expect(files.size).toBeGreaterThan(10);
    // Relative to src/: the checkout itself may sit in a folder named config.
    const src = new URL('../', import.meta.url).pathname;
    expect([...files].filter((file) => file.slice(src.length).startsWith('config/'))).toStrictEqual([]);
    expect(packages.has('zod')).toBe(false);
    expect(packages.has('yaml')).toBe(false);
  });

  it('the config entry does reach them (the walk can fail)', () => {
    const { packages } = reachable(new URL('./index.ts', import.meta.url));
    expect([...packages].sort()).toStrictEqual(['yaml', 'zod']);
  });
});
