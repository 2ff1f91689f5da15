import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface CliArgs {
  port: number;
  host: string;
  seed: number | undefined;
  /** As given: a path, or a scenario's name (`lively`). */
  scenario: string | undefined;
  /** `reset=0.1,rateLimit=0.05` */
  faults: string | undefined;
  staticDir: string | undefined;
  priceStepMs: number | undefined;
  quiet: boolean;
  help: boolean;
}

export const USAGE = `Usage: node apps/exchange-sim/scripts/start.mjs [options]

  --port <n>            TCP port (default 8787; 0 picks a free one)
  --host <addr>         loopback address to listen on (default 127.0.0.1)
  --seed <n>            seed of the fault rolls and prices (default: random, printed)
  --scenario <file>     YAML scenario: a path, or a name from apps/exchange-sim/scenarios (lively, heavy, calm)
  --faults <list>       faults by probability, over the scenario's: reset=0.1,rateLimit=0.05
  --static <dir>        serve a built web app at / (same origin as the API)
  --price-step-ms <n>   move prices every n ms instead of on every market-data request
  --quiet               print only the URL
  --help                this text
`;

/** Reads the command line; throws a RangeError naming the flag on a wrong value. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      scenario: { type: 'string' },
      faults: { type: 'string' },
      static: { type: 'string' },
      'price-step-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const number = (flag: string, text: string | undefined, check: (n: number) => boolean, expected: string) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !check(n))
      throw new RangeError(`--${flag} must be ${expected}, got ${JSON.stringify(text)}`);
    return n;
  };
  return {
    port:
      number('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535') ??
      8787,
    host: values.host ?? '127.0.0.1',
    seed: number('seed', values.seed, Number.isInteger, 'an integer'),
    scenario: values.scenario,
    faults: values.faults,
    staticDir: values.static,
    priceStepMs: number(
      'price-step-ms',
      values['price-step-ms'],
      (n) => Number.isFinite(n) && n > 0,
      'a number of ms > 0',
    ),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

/**
 * A scenario argument as a file: the path from the working directory if it exists there, else from the
 * package (`scenarios/lively.yaml` works from the repository root too), else a scenario's name (`lively`).
 */
export function resolveScenarioPath(arg: string, cwd: string, packageDir: string): string {
  const candidates = [resolve(cwd, arg), resolve(packageDir, arg), join(packageDir, 'scenarios', `${arg}.yaml`)];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}
