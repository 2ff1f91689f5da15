// Every ```ts example in the root README must type-check against the current sources of @breakwater/*.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSnippets, extractTsBlocks, formatFinding, type CodeBlock } from './support/markdownSnippets.ts';
import { repoRoot } from './support/paths.ts';

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

  test.for(blocks.map((b): [string, CodeBlock] => [`block ${b.index} (line ${b.line})`, b]))('%s type-checks', ([, block]) => {
    const findings = check().findings.filter((f) => f.block === block.index).map((f) => formatFinding('README.md', f));
    expect(findings).toEqual([]);
  });
});

describe('the README checker', () => {
  const demo = [
    '# Demo', // 1
    '', // 2
    '```ts', // 3
    "import { CircuitBreaker, ManualClock } from '@breakwater/core';", // 4
    "const breaker = new CircuitBreaker({ name: 'demo', clock: new ManualClock() });", // 5
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
  ].join('\n');

  test('extracts ts/typescript blocks with their README lines', () => {
    expect(extractTsBlocks(demo)).toEqual([
      {
        index: 1,
        line: 4,
        indent: 0,
        code: [
          "import { CircuitBreaker, ManualClock } from '@breakwater/core';",
          "const breaker = new CircuitBreaker({ name: 'demo', clock: new ManualClock() });",
          'console.log(await Promise.resolve(breaker.state));',
          '',
        ].join('\n'),
      },
      { index: 2, line: 15, indent: 2, code: "const n: number = 'one';\n" },
      {
        index: 3,
        line: 19,
        indent: 0,
        code: "import { CircuitBreaker } from '@breakwater/core';\nnew CircuitBreaker({ name: 'x', failureTreshold: 3 });\n",
      },
    ]);
  });

  test('reports type errors at their README line and column', () => {
    const { global, findings } = checkSnippets(extractTsBlocks(demo));
    expect(global).toEqual([]);
    expect(findings.map((f) => formatFinding('demo.md', f))).toEqual([
      "demo.md:15:9 TS2322 Type 'string' is not assignable to type 'number'. (block 2)",
      "demo.md:20:33 TS2561 Object literal may only specify known properties, but 'failureTreshold' does not exist in type 'CircuitBreakerOptions'. Did you mean to write 'failureThreshold'? (block 3)",
    ]);
  });
});
