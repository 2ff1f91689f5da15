// A TypeScript fixture bundled by esbuild (packages from source) and run as a real Node child process that
// speaks JSON lines: one message per stdout line, commands as lines on stdin.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundleFromSource } from '../../scripts/bundleFromSource.mjs';

/** Bundles `entry` (and every package it imports, from source) into one ESM file for Node 20. */
export function bundleNodeScript(entry: string, outfile: string): Promise<string> {
  return bundleFromSource(entry, outfile);
}

/** Runs a command to completion; rejects with its output when it fails or outlasts `timeoutMs`. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}

export type Message = { type: string } & Record<string, unknown>;

export interface LineChild {
  readonly pid: number;
  /** Every message so far, in order (consumed or not). */
  readonly messages: readonly Message[];
  /** The first not yet taken message of `type` (waiting for it up to `timeoutMs`); later calls get later ones. */
  next(type: string, timeoutMs?: number): Promise<Message>;
  send(line: string): void;
  /** Closes stdin (the child exits by itself), then SIGTERM, then SIGKILL; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  stderr(): string;
}

/** Starts `node <script>`; the child is killed (SIGKILL) if this process exits without stopping it. */
export function spawnLineChild(script: string, env: Record<string, string> = {}): LineChild {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--enable-source-maps', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const messages: Message[] = [];
  const taken = new Set<Message>();
  let stderr = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };

  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line) as Message);
    } catch {
      messages.push({ type: 'stdout', line });
    }
    wake();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      process.off('exit', killOnExit);
      wake();
      resolve();
    });
  });
  child.once('error', (error) => {
    stderr += `\nspawn error: ${error.message}`;
    exit ??= { code: null, signal: null };
    wake();
  });
  // A child gone before it was told to go: not an unhandled error of our own, it surfaces in `next`.
  child.stdin.on('error', () => undefined);

  const describe = () =>
    `child ${child.pid} ${exit ? `exited (code ${exit.code}, signal ${exit.signal})` : 'running'}; stderr:\n${stderr}`;

  return {
    pid: child.pid ?? -1,
    messages,
    next(type, timeoutMs = 10_000) {
      return new Promise<Message>((resolve, reject) => {
        const check = () => {
          const found = messages.find((m) => m.type === type && !taken.has(m));
          if (found) {
            taken.add(found);
            done();
            resolve(found);
          } else if (exit) {
            done();
            reject(new Error(`no "${type}" message: ${describe()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no "${type}" message within ${timeoutMs} ms: ${describe()}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    async stop(graceMs = 3000) {
      if (exit) return;
      child.stdin.end();
      const within = (ms: number) =>
        Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
      if (await within(graceMs)) return;
      child.kill('SIGTERM');
      if (await within(graceMs)) return;
      child.kill('SIGKILL');
      await exited;
    },
    stderr: () => stderr,
  };
}
