// Every ```ts example in the root README must type-check against the current sources of @breakwater/*, and run.
//
// Running: each block is bundled on its own by esbuild (`@breakwater/*` from source through the
// `@breakwater/source` condition, TC39 decorators lowered to ES2022, dependencies inlined) and executed as an ES
// module (top-level await works) in a fresh `node --enable-source-maps --input-type=module` from the repo root,
// killed after 10 s. It passes when it exits with code 0 and wrote nothing to stderr (Node's ExperimentalWarning
// lines excepted). Stack traces point at README lines. Examples must not use the network: `fetch` is replaced by
// one that fails loudly, so show exchange calls as local fake functions.
//
// Opting out: a block whose fence info string has the word `no-run` after the language is only type-checked:
//
//     ```ts no-run
//     await fetch('https://exchange.example/balance'); // type-checked, never executed
//     ```
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkSnippets, extractTsBlocks, formatFinding, type CodeBlock } from './support/markdownSnippets.ts';
import { repoRoot } from './support/paths.ts';
import { formatRun, runSnippet, runSnippets, type SnippetRun } from './support/snippetRunner.ts';

const readmePath = join(repoRoot, 'README.md');
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
const blocks = readme === undefined ? [] : extractTsBlocks(readme);

describe('README.md', () => {
  test('has TypeScript examples', () => {
    if (readme === undefined) {
      throw new Error(`README.md has no TypeScript examples: ${readmePath} does not exist`);
    }
    if (blocks.length === 0) {
      throw new Error('README.md has no TypeScript examples: no fenced code block is tagged ```ts');
    }
  });

  // One program for all blocks (the core is checked once); each block then reports its own findings.
  let checked: ReturnType<typeof checkSnippets> | undefined;
  const check = () => (checked ??= checkSnippets(blocks));

  test('the snippet compiler options are valid', () => {
    expect(check().global).toEqual([]);
  });

  test.for(blocks.map((b): [string, CodeBlock] => [`block ${b.index} (line ${b.line})`, b]))(
    '%s type-checks',
    ([, block]) => {
      const findings = check()
        .findings.filter((f) => f.block === block.index)
        .map((f) => formatFinding('README.md', f));
      expect(findings).toEqual([]);
    },
  );
});

// Children run side by side (vitest's maxConcurrency, 5 by default): examples mostly wait on timers.
describe('README.md examples run', () => {
  for (const block of blocks) {
    const name = `block ${block.index} (line ${block.line}) runs${block.run ? '' : ' (no-run)'}`;
    (block.run ? test.concurrent : test.skip)(name, async () => {
      const run = await runSnippet(block, { document: 'README.md' });
      if (run.status !== 'passed') throw new Error(formatRun('README.md', run));
    });
  }
});

describe('the README checker', () => {
  const demo = [
    '# Demo', // 1
    '', // 2
    '```ts', // 3
    "import { CircuitBreaker, systemClock } from '@breakwater/core';", // 4
    "const breaker = new CircuitBreaker({ name: 'demo', clock: systemClock() });", // 5
    'console.log(await Promise.resolve(breaker.state));', // 6
    '```', // 7
    '', // 8
    '```js', // 9
    'this is not TypeScript', // 10
    '```', // 11
    '', // 12
    '- In a list:', // 13
    '  ```ts', // 14
    "  const n: number = 'one';", // 15
    '  ```', // 16
    '', // 17
    '~~~typescript title="typo.ts"', // 18
    "import { CircuitBreaker } from '@breakwater/core';", // 19
    "new CircuitBreaker({ name: 'x', failureTreshold: 3 });", // 20
    '~~~', // 21
    '````md', // 22
    '```ts', // 23
    'inside a Markdown example: not a block of its own', // 24
    '```', // 25
    '````', // 26
    '', // 27
    '```ts no-run', // 28
    "throw new Error('type-checked only');", // 29
    '```', // 30
  ].join('\n');

  test('extracts ts/typescript blocks with their README lines', () => {
    expect(extractTsBlocks(demo)).toEqual([
      {
        index: 1,
        line: 4,
        indent: 0,
        info: 'ts',
        run: true,
        code: [
          "import { CircuitBreaker, systemClock } from '@breakwater/core';",
          "const breaker = new CircuitBreaker({ name: 'demo', clock: systemClock() });",
          'console.log(await Promise.resolve(breaker.state));',
          '',
        ].join('\n'),
      },
      { index: 2, line: 15, indent: 2, info: 'ts', run: true, code: "const n: number = 'one';\n" },
      {
        index: 3,
        line: 19,
        indent: 0,
        info: 'typescript title="typo.ts"',
        run: true,
        code:
          "import { CircuitBreaker } from '@breakwater/core';\n" +
          "new CircuitBreaker({ name: 'x', failureTreshold: 3 });\n",
      },
      { index: 4, line: 29, indent: 0, info: 'ts no-run', run: false, code: "throw new Error('type-checked only');\n" },
    ]);
  });

  test('`no-run` must be a word of the info string', () => {
    const fences = [
      '```ts no-run',
      '~~~typescript title="x.ts" no-run',
      '```ts {no-run}',
      '```ts no-runner',
      '```ts title="no-run.ts"',
    ];
    const runs = fences.map((fence) => extractTsBlocks(`${fence}\nconst x = 1;\n${fence.slice(0, 3)}\n`)[0]!.run);
    expect(runs).toEqual([false, false, false, true, true]);
  });

  test('reports type errors at their README line and column', () => {
    const { global, findings } = checkSnippets(extractTsBlocks(demo));
    expect(global).toEqual([]);
    expect(findings.map((f) => formatFinding('demo.md', f))).toEqual([
      "demo.md:15:9 TS2322 Type 'string' is not assignable to type 'number'. (block 2)",
      'demo.md:20:33 TS2561 Object literal may only specify known properties, ' +
        "but 'failureTreshold' does not exist in type 'CircuitBreakerOptions'. " +
        "Did you mean to write 'failureThreshold'? (block 3)",
    ]);
  });
});

describe('the README runner', () => {
  const demo = [
    '# Runner demo', // 1
    '', // 2
    '```ts', // 3
    "import { CircuitBreaker, systemClock, withCircuitBreaker } from '@breakwater/core';", // 4
    "import { parseConfig } from '@breakwater/core/config';", // 5
    'class Client {', // 6
    "  @withCircuitBreaker('runner-demo')", // 7
    '  async balance(): Promise<number> {', // 8
    '    return 1.5;', // 9
    '  }', // 10
    '}', // 11
    "const breaker = new CircuitBreaker({ name: 'demo', clock: systemClock() });", // 12
    'console.log(await new Client().balance(), breaker.state, typeof parseConfig);', // 13
    '```', // 14
    '', // 15
    '```ts', // 16
    "console.log(await Promise.resolve('before'));", // 17
    "throw new Error('exchange down');", // 18
    '```', // 19
    '', // 20
    '```ts title="never.ts" no-run', // 21
    "import { nothing } from 'no-such-package';", // 22
    "throw new Error('a no-run block ran: ' + nothing);", // 23
    '```', // 24
    '', // 25
    '```ts', // 26
    "console.error('careful');", // 27
    '```', // 28
    '', // 29
    '```ts', // 30
    "process.emitWarning('just testing', 'ExperimentalWarning');", // 31
    "console.log('warned');", // 32
    '```', // 33
    '', // 34
    '```ts', // 35
    'try {', // 36
    "  await fetch('https://exchange.example/ticker');", // 37
    '} catch {}', // 38
    '```', // 39
    '', // 40
    '- In a list:', // 41
    '  ```ts', // 42
    "  import { NoSuchExport } from '@breakwater/core';", // 43
    '  console.log(NoSuchExport);', // 44
    '  ```', // 45
    '', // 46
    '```ts', // 47
    'setInterval(() => {}, 1_000);', // 48
    '```', // 49
  ].join('\n');
  const blocks = extractTsBlocks(demo);
  const hanging = blocks.at(-1)!;

  let runs: SnippetRun[];
  let hung: SnippetRun;
  const byLine = (line: number) => runs.find((r) => r.block.line === line)!;

  beforeAll(async () => {
    [runs, hung] = await Promise.all([
      runSnippets(blocks.slice(0, -1), { document: 'demo.md' }),
      runSnippet(hanging, { document: 'demo.md', timeoutMs: 1_000 }),
    ]);
  });

  test('a block that exits with code 0 passes: core from source, decorators, the config entry, top-level await', () => {
    const run = byLine(4);
    expect([run.status, run.problem, run.stdout, run.stderr]).toEqual([
      'passed',
      undefined,
      '1.5 CLOSED function\n',
      '',
    ]);
  });

  test('a block that throws fails with its document line, stdout and stderr', () => {
    const run = byLine(17);
    expect(run).toMatchObject({ status: 'failed', problem: 'exited with code 1', exitCode: 1, stdout: 'before\n' });
    const report = formatRun('demo.md', run);
    expect(report).toMatch(
      /^demo\.md block 2 \(line 17\) exited with code 1 \(bundle \d+ ms, run \d+ ms\)\n--- stderr ---\n/,
    );
    // The stack trace is source-mapped to the Markdown document.
    expect(report).toContain('Error: exchange down\n    at <anonymous> (' + join(repoRoot, 'demo.md') + ':18:7)');
    expect(report).toMatch(/--- stdout ---\nbefore$/);
  });

  test('a no-run block is neither bundled nor executed', () => {
    expect(byLine(22)).toMatchObject({ status: 'skipped', bundleErrors: [], exitCode: null, stdout: '', stderr: '' });
  });

  test('output on stderr fails, except Node ExperimentalWarnings', () => {
    expect(byLine(27)).toMatchObject({
      status: 'failed',
      problem: 'exited with code 0 but wrote to stderr',
      stderr: 'careful\n',
    });
    expect(byLine(31)).toMatchObject({ status: 'passed', stdout: 'warned\n' });
    expect(byLine(31).stderr).toContain('ExperimentalWarning: just testing');
  });

  test('reaching for the network fails even when the error is caught', () => {
    expect(byLine(36)).toMatchObject({
      status: 'failed',
      problem: 'exited with code 0 but wrote to stderr',
      stderr:
        'README examples must not use the network: fetch("https://exchange.example/ticker"); ' +
        'use a fake function instead\n',
    });
  });

  test('a block that does not bundle fails with esbuild errors at document positions', () => {
    const run = byLine(43);
    expect(run).toMatchObject({ status: 'failed', problem: 'did not bundle', exitCode: null });
    expect(formatRun('demo.md', run)).toBe(
      'demo.md block 7 (line 43) did not bundle:\n' +
        '  demo.md:43:12 No matching export in "packages/core/src/index.ts" for import "NoSuchExport"',
    );
  });

  test('a block that never finishes is killed at the timeout', () => {
    expect(hung).toMatchObject({
      status: 'failed',
      problem: 'timed out after 1000 ms (killed)',
      timedOut: true,
      signal: 'SIGKILL',
    });
  });
});
