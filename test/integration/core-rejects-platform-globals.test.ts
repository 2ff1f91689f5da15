// The core must run unchanged in Node, browsers and workers, so platform globals must not compile there.
// Fixtures are type-checked in memory with exactly packages/core/tsconfig.json's options (after `extends`).
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkInMemory, readCompilerOptions, type Finding } from './support/inMemoryProgram.ts';
import { coreDir } from './support/paths.ts';

const nodeTypesHint =
  'Do you need to install type definitions for node? ' +
  "Try `npm i --save-dev @types/node` and then add 'node' to the types field in your tsconfig.";
const domLibHint =
  "Do you need to change your target library? Try changing the 'lib' compiler option to include 'dom'.";

/** name → [fixture source, expected diagnostics as `line:column TScode message`]. */
const fixtures: Record<string, [source: string, expected: string[]]> = {
  window: ['export const href = window.location.href;\n', ["1:21 TS2304 Cannot find name 'window'."]],
  globalThisWindow: [
    'export const href = globalThis.window.location.href;\n',
    ["1:32 TS7017 Element implicitly has an 'any' type because type 'typeof globalThis' has no index signature."],
  ],
  document: ['export const title = document.title;\n', [`1:22 TS2584 Cannot find name 'document'. ${domLibHint}`]],
  process: ['export const x = process.env.X;\n', [`1:18 TS2591 Cannot find name 'process'. ${nodeTypesHint}`]],
  buffer: ["export const bytes = Buffer.from('x');\n", [`1:22 TS2591 Cannot find name 'Buffer'. ${nodeTypesHint}`]],
  nodeFs: [
    "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
    ["1:16 TS2307 Cannot find module 'node:fs' or its corresponding type declarations."],
  ],
  // Everything below is declared by src/platform.d.ts and exists in every supported runtime.
  platformDeclared: [
    [
      'export function sleep(ms: number, signal?: AbortSignal): Promise<void> {',
      '  return new Promise((resolve, reject) => {',
      '    const handle = setTimeout(resolve, ms);',
      "    signal?.addEventListener('abort', () => { clearTimeout(handle); reject(signal.reason); }, { once: true });",
      '  });',
      '}',
      'const controller = new AbortController();',
      'queueMicrotask(() => controller.abort());',
      'export const aborted: boolean = controller.signal.aborted;',
      'export const started: number | undefined = globalThis.performance?.now();',
      '',
    ].join('\n'),
    [],
  ],
};

const fileOf = (name: string) => join(coreDir, 'src', `__platform_fixture_${name}.ts`);
let results: Map<string, Finding[]>;

describe('packages/core compiler options reject platform globals', () => {
  beforeAll(() => {
    const core = readCompilerOptions(join(coreDir, 'tsconfig.json'));
    // The core's own ambient declarations (platform.d.ts) are part of every core compilation.
    const ambient = core.fileNames.filter((f) => f.endsWith('.d.ts'));
    expect(ambient).toContain(join(coreDir, 'src/platform.d.ts'));
    const files = new Map(Object.entries(fixtures).map(([name, [source]]) => [fileOf(name), source]));
    results = checkInMemory(files, core.options, ambient);
  });

  test('the options themselves are valid', () => {
    expect(results.get('')).toEqual([]);
  });

  test.for(Object.keys(fixtures))('%s', (name) => {
    const findings = results.get(fileOf(name))!.map((f) => `${f.line}:${f.column} TS${f.code} ${f.message}`);
    expect(findings).toEqual(fixtures[name]![1]);
  });
});
