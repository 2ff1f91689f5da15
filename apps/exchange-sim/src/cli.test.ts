import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { parseCliArgs, resolveScenarioPath } from './cliArgs.ts';
import { ExchangeClient } from './client/ExchangeClient.ts';
import type { ExchangeSim } from './startExchangeSim.ts';

const packageDir = join(import.meta.dirname, '..');
const repoRoot = join(packageDir, '..', '..');

describe('parseCliArgs', () => {
  it('reads flags, with defaults', () => {
    expect(parseCliArgs([])).toEqual({
      port: 8787,
      host: '127.0.0.1',
      seed: undefined,
      scenario: undefined,
      faults: undefined,
      staticDir: undefined,
      priceStepMs: undefined,
      quiet: false,
      help: false,
    });
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--seed',
        '7',
        '--scenario',
        'heavy',
        '--faults',
        'reset=0.1',
        '--static',
        'dist',
        '--price-step-ms',
        '250',
        '--quiet',
      ]),
    ).toMatchObject({
      port: 0,
      seed: 7,
      scenario: 'heavy',
      faults: 'reset=0.1',
      staticDir: 'dist',
      priceStepMs: 250,
      quiet: true,
    });
  });

  it('names the flag of a wrong value', () => {
    expect(() => parseCliArgs(['--port', 'http'])).toThrow('--port must be an integer from 0 to 65535, got "http"');
    expect(() => parseCliArgs(['--seed', '1.5'])).toThrow('--seed must be an integer, got "1.5"');
    expect(() => parseCliArgs(['--price-step-ms', '0'])).toThrow('--price-step-ms must be a number of ms > 0, got "0"');
    expect(() => parseCliArgs(['--sed', '1'])).toThrow(/Unknown option '--sed'/);
  });

  it('finds scenarios from the working directory, the package, or by name', () => {
    const lively = join(packageDir, 'scenarios', 'lively.yaml');
    expect(resolveScenarioPath('scenarios/lively.yaml', packageDir, packageDir)).toBe(lively);
    expect(resolveScenarioPath('scenarios/lively.yaml', repoRoot, packageDir)).toBe(lively);
    expect(resolveScenarioPath('lively', '/tmp', packageDir)).toBe(lively);
    expect(resolveScenarioPath('mine.yaml', '/tmp', packageDir)).toBe('/tmp/mine.yaml');
  });
});

describe('runCli', () => {
  const sims: ExchangeSim[] = [];
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
    process.exitCode = undefined;
  });

  it('starts the simulator from flags and prints its URL and phases', async () => {
    const lines: string[] = [];
    const sim = await runCli(['--port', '0', '--seed', '7', '--scenario', 'lively'], {
      packageDir,
      cwd: packageDir,
      log: (l) => lines.push(l),
      handleSignals: false,
    });
    sims.push(sim!);
    expect(sim!.seed).toBe(7);
    expect(lines).toEqual([
      `exchange-sim listening on ${sim!.url} (seed 7, scenario scenarios/lively.yaml)`,
      `  try: curl '${sim!.url}/api/ticker?symbol=BTC/USD'`,
      'phase: calm',
    ]);
  });

  it('lays --faults over the scenario’s faults', async () => {
    const lines: string[] = [];
    const sim = await runCli(['--port', '0', '--scenario', 'calm', '--faults', 'nonce=1', '--quiet'], {
      packageDir,
      cwd: repoRoot,
      log: (l) => lines.push(l),
      handleSignals: false,
    });
    sims.push(sim!);
    expect(lines).toEqual([sim!.url]);
    expect(sim!.scenario).toMatchObject({ name: 'calm', faults: { nonce: { probability: 1 } } });
    expect(await new ExchangeClient(sim!.url).fetchBalance().catch((e: Error) => e.name)).toBe('InvalidNonce');
  });

  it('names the file and the flag when the flag’s faults do not fit the file', async () => {
    const lines: string[] = [];
    await runCli(['--port', '0', '--scenario', 'lively', '--faults', 'nonce=0.9'], {
      packageDir,
      cwd: packageDir,
      log: (l) => lines.push(l),
      handleSignals: false,
    });
    expect(process.exitCode).toBe(2);
    expect(lines[0]).toMatch(
      new RegExp(
        '^Invalid exchange-sim scenario in scenarios/lively\\.yaml with --faults nonce=0\\.9:\n' +
          ' {2}phases\\[1\\]\\.faults: probabilities on ',
      ),
    );
  });

  it('prints a scenario’s problems with file and line, and sets exit code 2', async () => {
    const lines: string[] = [];
    const sim = await runCli(['--port', '0', '--faults', 'reset=2'], {
      packageDir,
      log: (l) => lines.push(l),
      handleSignals: false,
    });
    expect(sim).toBeUndefined();
    expect(process.exitCode).toBe(2);
    expect(lines).toEqual([
      'Invalid exchange-sim scenario in --faults:\n' +
        '  faults.reset.probability: expected a probability from 0 to 1, got 2',
    ]);
    lines.length = 0;
    await runCli(['--host', '0.0.0.0'], { packageDir, log: (l) => lines.push(l), handleSignals: false });
    expect(lines[0]).toContain('host must be a loopback address');
    expect(lines[1]).toContain('Usage:');
  });
});

describe('scripts/start.mjs', () => {
  it('bundles and runs the CLI from the repository root, and closes on SIGTERM with a summary', async () => {
    const child = spawn(
      process.execPath,
      ['apps/exchange-sim/scripts/start.mjs', '--port', '0', '--seed', '7', '--scenario', 'scenarios/lively.yaml'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early:\n${out}\n${err}`)));
    });
    expect(out).toContain('(seed 7, scenario apps/exchange-sim/scenarios/lively.yaml)');
    const ticker = await new ExchangeClient(url, { timeoutMs: 5000 })
      .fetchTicker('ETH/USD')
      .catch((e: Error) => e.name);
    expect(ticker).toBeDefined();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/exchange-sim closed: 1 requests; faults: .+; orders: 0 \(0 duplicate attempts\)/);
    expect(err).toBe('');
  }, 30_000);
});
