import { join } from 'node:path';
import ts from 'typescript';
import { checkInMemory } from './inMemoryProgram.ts';
import { repoRoot } from './paths.ts';

export interface CodeBlock {
  /** 1-based position among the TypeScript blocks of the document. */
  index: number;
  /** README line of the block's first code line (the line after the opening fence). */
  line: number;
  /** Indentation removed from every line (blocks inside list items). */
  indent: number;
  /** The fence's info string: `ts`, `ts no-run`, `typescript title="x.ts"`. */
  info: string;
  /** False when the info string has the word `no-run`: the block is type-checked but never executed. */
  run: boolean;
  code: string;
}

export interface SnippetFinding {
  block: number;
  /** Line and column in the Markdown document. */
  line: number;
  column: number;
  code: number;
  message: string;
}

const tsInfo = new Set(['ts', 'typescript', 'mts']);
/** `no-run` as a word of the info string after the language: ```` ```ts no-run ````, `~~~ts {no-run}`. */
const noRun = /(?:^|[\s{,])no-run(?=$|[\s},])/;

/** Every fenced block (``` or ~~~) whose info string starts with `ts`/`typescript`/`mts`, in document order. */
export function extractTsBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', lang = '', rest = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    if (tsInfo.has(lang.toLowerCase())) {
      blocks.push({
        index: blocks.length + 1,
        line: i + 2,
        indent: indent.length,
        info: (lang + rest).trim(),
        run: !noRun.test(rest),
        code: body.join('\n') + '\n',
      });
    }
    i = j; // skip the closing fence (or stop at the end of an unclosed block)
  }
  return blocks;
}

/**
 * How README examples are checked: strict, ES2022 + Node's types (for `console`, `fetch`), every block its own
 * module (top-level await allowed), and `@breakwater/*` resolved to package sources via the custom condition.
 */
export const snippetCompilerOptions: ts.CompilerOptions = (() => {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      moduleDetection: 'force',
      // 'node': the examples run in Node, where @breakwater/node resolves to its real entry.
      customConditions: ['@breakwater/source', 'node'],
      lib: ['ES2022'],
      types: ['node'],
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      noEmit: true,
    },
    repoRoot,
  );
  if (errors.length > 0)
    throw new Error(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  return options;
})();

/** Type-checks every block as a separate module in one program; findings are mapped to Markdown lines. */
export function checkSnippets(blocks: readonly CodeBlock[]): { global: string[]; findings: SnippetFinding[] } {
  // Virtual files live in the repo, so `@breakwater/core` resolves through the root node_modules.
  const fileOf = (block: CodeBlock) => join(repoRoot, '.readme-snippets', `block-${block.index}.ts`);
  const results = checkInMemory(new Map(blocks.map((b) => [fileOf(b), b.code])), snippetCompilerOptions);
  const findings = blocks.flatMap((block) =>
    results.get(fileOf(block))!.map((f) => ({
      block: block.index,
      line: block.line + f.line - 1,
      column: block.indent + f.column,
      code: f.code,
      message: f.message,
    })),
  );
  return { global: results.get('')!.map((f) => `TS${f.code}: ${f.message}`), findings };
}

/** `README.md:42:7 TS2304 Cannot find name 'x'. (block 3)` */
export function formatFinding(document: string, f: SnippetFinding): string {
  return `${document}:${f.line}:${f.column} TS${f.code} ${f.message} (block ${f.block})`;
}
