import { relative } from 'node:path';
import { parseCliArgs, resolveScenarioPath, USAGE } from './cliArgs.ts';
import { loadScenarioFile } from './scenario/loadScenarioFile.ts';
import { parseScenario } from './scenario/parseScenario.ts';
import { parseFaultsFlag } from './scenario/parseFaultsFlag.ts';
import type { ScenarioInput } from './scenario/scenarioSchema.ts';
import { startExchangeSim, type ExchangeSim } from './startExchangeSim.ts';

export interface CliEnvironment {
  /** apps/exchange-sim, where `scenarios/` lives. */
  packageDir: string;
  cwd?: string;
  log?: (line: string) => void;
  /** Close on SIGINT / SIGTERM and print what was served. Default true. */
  handleSignals?: boolean;
}

/**
 * The `start.mjs` command: starts the simulator, prints its URL, logs phase changes, and on SIGINT/SIGTERM
 * closes and prints what it served. Resolves with the running simulator, or undefined after `--help` or an error
 * (with `process.exitCode` set).
 */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<ExchangeSim | undefined> {
  const log = env.log ?? ((line: string) => console.log(line));
  const cwd = env.cwd ?? process.cwd();
  let sim: ExchangeSim;
  let label = 'no faults';
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      log(USAGE);
      return undefined;
    }
    let scenario: ScenarioInput = {};
    if (args.scenario !== undefined) {
      const file = resolveScenarioPath(args.scenario, cwd, env.packageDir);
      label = relative(cwd, file) || file;
      scenario = await loadScenarioFile(file, label);
    }
    if (args.faults !== undefined) {
      scenario = { ...scenario, faults: { ...scenario.faults, ...parseFaultsFlag(args.faults) } };
      label = args.scenario === undefined ? `--faults ${args.faults}` : `${label} with --faults ${args.faults}`;
    }
    sim = await startExchangeSim({
      port: args.port,
      host: args.host,
      // Checked here to name the file and flag in errors (the flag's faults may not fit the file's phases).
      scenario: parseScenario(scenario, { source: label }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.staticDir === undefined ? {} : { staticDir: args.staticDir }),
      ...(args.priceStepMs === undefined ? {} : { priceStepMs: args.priceStepMs }),
    });
    if (args.quiet) {
      log(sim.url);
    } else {
      log(`exchange-sim listening on ${sim.url} (seed ${sim.seed}, scenario ${label})`);
      log(`  try: curl '${sim.url}/api/ticker?symbol=BTC/USD'`);
      watchPhases(sim, log);
    }
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    // A wrong flag gets the usage; a wrong scenario file or a busy port, the message alone.
    const code = (error as { code?: unknown }).code;
    if (error instanceof RangeError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')))
      log(`\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  const stop = async () => {
    await sim.close();
    const { requests, faults, ordersAccepted, duplicateOrderAttempts } = sim.stats();
    const struck =
      Object.entries(faults)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ') || 'none';
    log(
      `\nexchange-sim closed: ${requests} requests; faults: ${struck}; ` +
        `orders: ${ordersAccepted} (${duplicateOrderAttempts} duplicate attempts)`,
    );
  };
  if (env.handleSignals !== false) {
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  }
  return sim;
}

/** Prints the phase whenever it changes (checked each second; the timer does not keep the process alive). */
function watchPhases(sim: ExchangeSim, log: (line: string) => void): void {
  let last: string | undefined;
  const check = () => {
    const { phase, maintenanceWindow } = sim.stats();
    const now = `${phase ?? ''}${maintenanceWindow ? ' (maintenance window)' : ''}`;
    if (now !== '' && now !== last) log(`phase: ${now}`);
    last = now;
  };
  check();
  setInterval(check, 1000).unref();
}
