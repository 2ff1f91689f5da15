// Issue #14: no import cycle among a package's own files (the file store had queryLog.ts <-> verifyRecords.ts).
// With a cycle, what a module sees at load time depends on which file of the cycle was imported first.
// Every import counts, type-only ones too: they are a dependency between two concepts all the same.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.ts';

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
/** Installs, build output and coverage reports (whose .js files are generated): not the package's own code. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The files of `files` that `file` imports or re-exports by a relative path (static, type-only or dynamic). */
function localImports(file: string, files: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name))
    .flatMap((path) => [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')].filter((p) => files.has(p)));
}

/** Every cycle a depth-first walk meets, each as the files around it, relative to `dir`. */
function importCycles(dir: string): string[][] {
  const files = new Set(sourceFiles(dir));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of localImports(file, files)) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles.map((cycle) => cycle.map((f) => relative(dir, f)));
}

describe('import cycles', () => {
  it('are found through type-only imports and re-exports, each reported once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = B[];\n");
      writeFileSync(join(dir, 'b.ts'), "export type { A } from './a.ts';\nexport type B = number;\n");
      writeFileSync(join(dir, 'c.ts'), "import { c } from './c';\nexport const d = await import('./a.ts');\n");
      expect(importCycles(dir)).toEqual([
        ['a.ts', 'b.ts', 'a.ts'],
        ['c.ts', 'c.ts'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['core', 'node', 'browser', 'redis', 'devtools'])('packages/%s has none', (name) => {
    const dir = join(repoRoot, 'packages', name, 'src');
    expect(sourceFiles(dir).length).toBeGreaterThan(10);
    expect(importCycles(dir)).toEqual([]);
  });

  // The whole package, not only src/: the scripts (start, bundle size, the bench runner) import src/ files.
  // The least file count guards against a moved directory turning the check into a pass over nothing.
  it.each([
    ['apps/devtools', 4],
    ['apps/exchange-sim', 40],
    ['apps/node-bot', 15],
    ['apps/trading-ui', 25],
    ['packages/bench', 14],
  ])('%s has none', (path, leastFiles) => {
    const dir = join(repoRoot, path);
    expect(sourceFiles(dir).length).toBeGreaterThanOrEqual(leastFiles);
    expect(importCycles(dir)).toEqual([]);
  });
});
