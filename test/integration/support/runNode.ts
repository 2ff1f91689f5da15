import { execFile } from 'node:child_process';

export interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` (this very Node binary) in `cwd` and collects its output; never rejects on a non-zero exit. */
export function runNode(args: readonly string[], cwd: string, timeoutMs = 110_000): Promise<NodeRun> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`node ${args.join(' ')} failed to run: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolvePromise({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
