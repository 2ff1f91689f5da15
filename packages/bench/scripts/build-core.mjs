// Builds @breakwater/core's dist/ with `tsc -b`, so the bench measures what users import (plain tsc output).

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const coreDir = fileURLToPath(new URL('../../core/', import.meta.url));

/**
 * Runs `tsc -b packages/core`. tsc emits the JavaScript even when some file has type errors, so a type error
 * (say, in a file someone is editing) does not stop the bench: it returns a status line saying so, and the
 * caller prints it in the report's header. Throws only when tsc could not run at all.
 */
export function buildCore() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status, stdout, stderr, error } = spawnSync(process.execPath, [tsc, '-b', coreDir], { encoding: 'utf8' });
  if (error) throw error;
  if (status === 0) return 'core build: clean';
  const errors = `${stdout}${stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  process.stderr.write(`${errors.slice(0, 10).join('\n')}\n`);
  return (
    `core build: ${errors.length} type error(s), ` +
    'benchmarking the JavaScript tsc emitted anyway (first ones on stderr)'
  );
}
