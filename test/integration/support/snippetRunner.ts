import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { build, type Message } from 'esbuild';
import type { CodeBlock } from './markdownSnippets.ts';
import { repoRoot } from './paths.ts';

export interface RunOptions {
  /** The Markdown file's name as reported (`README.md`); also the source-map name, resolved from the repo root. */
  document: string;
  /** The child process is killed (SIGKILL) after this long. */
  timeoutMs?: number;
}

export interface SnippetRun {
  block: CodeBlock;
  /** `skipped`: the block is `no-run`, so it was neither bundled nor run. */
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed, one line (`exited with code 1`); the full report is `formatRun`. */
  problem?: string;
  /** esbuild errors as `README.md:42:7 message`, when bundling failed (nothing was run). */
  bundleErrors: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  bundleMs: number;
  runMs: number;
}

export const defaultSnippetTimeoutMs = 10_000;

/**
 * Prepended to every bundle. `require` lets bundled CommonJS dependencies load Node builtins from an ES module;
 * `fetch` is replaced so an example that reaches for the network fails at once and loudly (stderr is a failure
 * even when the example catches the rejection) instead of hanging on DNS until the timeout.
 */
const prelude = [
  "import { createRequire as __snippetCreateRequire } from 'node:module';",
  'const require = __snippetCreateRequire(import.meta.url);',
  'globalThis.fetch = async (input) => {',
  '  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input?.url;',
  // One line of the prelude, split here only to keep this file's lines short.
  '  const message = `README examples must not use the network: fetch(${JSON.stringify(url)}); ' +
    'use a fake function instead`;',
  '  process.stderr.write(message + "\\n");',
  '  throw new Error(message);',
  '};',
].join('\n');

/**
 * Bundles one block with esbuild: `@breakwater/*` from source (custom condition), TC39 decorators lowered for
 * ES2022, npm dependencies inlined, Node builtins left external. The block is padded with `line - 1` empty lines
 * and named after the document, so esbuild errors and (through the inline source map) stack traces carry the
 * document's own line numbers.
 */
export async function bundleSnippet(
  block: CodeBlock,
  document: string,
): Promise<{ code: string } | { errors: string[] }> {
  try {
    const result = await build({
      stdin: {
        contents: '\n'.repeat(block.line - 1) + block.code,
        loader: 'ts',
        resolveDir: repoRoot,
        sourcefile: document,
      },
      absWorkingDir: repoRoot,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'es2022',
      conditions: ['@breakwater/source'],
      sourcemap: 'inline',
      banner: { js: prelude },
      write: false,
      logLevel: 'silent',
    });
    return { code: result.outputFiles[0]!.text };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return { errors: errors.map((m) => formatBundleError(block, document, m)) };
  }
}

function formatBundleError(block: CodeBlock, document: string, m: Message): string {
  const where = m.location;
  if (!where) return m.text;
  // Errors inside the block are at document lines already (padding); columns lose the list-item indentation.
  const column = where.column + 1 + (where.file === document ? block.indent : 0);
  return `${where.file}:${where.line}:${column} ${m.text}`;
}

/** Bundles and runs one block in a fresh `node --input-type=module` (code on stdin, cwd = repo root). */
export async function runSnippet(block: CodeBlock, options: RunOptions): Promise<SnippetRun> {
  const base = {
    block,
    bundleErrors: [],
    exitCode: null,
    signal: null,
    timedOut: false,
    stdout: '',
    stderr: '',
    bundleMs: 0,
    runMs: 0,
  };
  if (!block.run) return { ...base, status: 'skipped' };

  const bundleStart = performance.now();
  const bundled = await bundleSnippet(block, options.document);
  const bundleMs = Math.round(performance.now() - bundleStart);
  if ('errors' in bundled) {
    return { ...base, status: 'failed', problem: 'did not bundle', bundleErrors: bundled.errors, bundleMs };
  }

  const timeoutMs = options.timeoutMs ?? defaultSnippetTimeoutMs;
  const runStart = performance.now();
  const child = await runModule(bundled.code, timeoutMs);
  const runMs = Math.round(performance.now() - runStart);
  const run: SnippetRun = { ...base, ...child, status: 'passed', bundleMs, runMs };

  const unexpectedStderr = withoutExperimentalWarnings(child.stderr);
  if (child.timedOut) run.problem = `timed out after ${timeoutMs} ms (killed)`;
  else if (child.signal) run.problem = `was killed by ${child.signal}`;
  else if (child.exitCode !== 0) run.problem = `exited with code ${child.exitCode}`;
  else if (unexpectedStderr.trim() !== '') run.problem = 'exited with code 0 but wrote to stderr';
  if (run.problem) run.status = 'failed';
  return run;
}

/** Runs blocks concurrently (at most `concurrency` children at once); results in block order. */
export async function runSnippets(
  blocks: readonly CodeBlock[],
  options: RunOptions & { concurrency?: number },
): Promise<SnippetRun[]> {
  const concurrency = options.concurrency ?? snippetConcurrency;
  const results: SnippetRun[] = new Array(blocks.length);
  let next = 0;
  const worker = async () => {
    while (next < blocks.length) {
      const i = next++;
      results[i] = await runSnippet(blocks[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, blocks.length) }, worker));
  return results;
}

/** Examples mostly wait on timers, so a few more children than cores keeps the machine busy, not swamped. */
export const snippetConcurrency = Math.max(4, availableParallelism());

/**
 * ```
 * README.md block 3 (line 89) exited with code 1 (bundle 40 ms, run 120 ms)
 * --- stderr ---
 * ...
 * ```
 */
export function formatRun(document: string, run: SnippetRun): string {
  const head = `${document} block ${run.block.index} (line ${run.block.line}) ${run.problem ?? run.status}`;
  if (run.bundleErrors.length > 0) return [head + ':', ...run.bundleErrors.map((e) => `  ${e}`)].join('\n');
  return [
    `${head} (bundle ${run.bundleMs} ms, run ${run.runMs} ms)`,
    `--- stderr ---\n${run.stderr.trimEnd() || '(empty)'}`,
    `--- stdout ---\n${run.stdout.trimEnd() || '(empty)'}`,
  ].join('\n');
}

/** Drops Node's `ExperimentalWarning` lines (and the `--trace-warnings` hint that follows a first warning). */
export function withoutExperimentalWarnings(stderr: string): string {
  return stderr
    .split('\n')
    .filter(
      (line) =>
        !/^\(node:\d+\) ExperimentalWarning: /.test(line) && !/^\(Use `node --trace-warnings \.\.\.` /.test(line),
    )
    .join('\n');
}

interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function runModule(code: string, timeoutMs: number): Promise<ChildResult> {
  // No inherited loaders/flags (NODE_OPTIONS), no colour escapes in reports (FORCE_COLOR from the test runner).
  const { NODE_OPTIONS: _options, FORCE_COLOR: _color, ...env } = process.env;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '--input-type=module'], {
      cwd: repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`node failed to start: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, signal, timedOut, stdout, stderr });
    });
    // EPIPE when the child exits before reading everything (a syntax error) is reported by its exit code instead.
    child.stdin.on('error', () => {});
    child.stdin.end(code);
  });
}
