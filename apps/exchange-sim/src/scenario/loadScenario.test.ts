import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './loadScenario.ts';
import { loadScenarioFile } from './loadScenarioFile.ts';
import { parseFaultsFlag } from './parseFaultsFlag.ts';
import { parseScenario } from './parseScenario.ts';
import { scenarioFile } from './scenarioFile.ts';
import { isScenarioError, ScenarioError } from './ScenarioError.ts';

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (isScenarioError(error)) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('loadScenario', () => {
  it('reads faults (a bare number is a probability), phases and windows, filling in defaults', () => {
    const scenario = loadScenario(
      `name: demo
faults:
  reset: 0.1
  rateLimit: { probability: 0.2, endpoints: [public] }
phases:
  - name: calm
    durationMs: 1000
  - name: stormy
    durationMs: 500
    faults:
      acceptThenTimeout: 0.5
maintenance:
  - { from: 100, durationMs: 50 }
`,
      'demo.yaml',
    );
    expect(scenario).toEqual({
      name: 'demo',
      loop: true,
      faults: { reset: { probability: 0.1 }, rateLimit: { probability: 0.2, endpoints: ['public'], retryAfterS: 1 } },
      phases: [
        { name: 'calm', durationMs: 1000 },
        { name: 'stormy', durationMs: 500, faults: { acceptThenTimeout: { probability: 0.5, lostBy: 'reset' } } },
      ],
      maintenance: [{ from: 100, durationMs: 50 }],
    });
    expect(loadScenario('')).toEqual({ loop: true });
  });

  it('names the file, line, column and key of every wrong value at once', () => {
    const error = failure(() =>
      loadScenario(
        `name: bad
faults:
  rest: 0.1
  reset: 2
phases:
  - name: calm
    durationMs: -5
  - name: broken
    durationMs: 1000
    faults:
      rateLimit: { probability: 0.7, retryAfterS: fast }
  - durationMs: 10
maintenance:
  - { from: 10 }
loop: sometimes
`,
        'scenarios/bad.yaml',
      ),
    );
    expect(error.message).toBe(
      [
        'Invalid exchange-sim scenario in scenarios/bad.yaml:',
        '  faults.rest: unknown key "rest" (fault kinds: latency, timeout, reset, rateLimit, maintenance, nonce, ' +
          'insufficientFunds, acceptThenTimeout, malformed, stale) (scenarios/bad.yaml:3:3)',
        '  faults.reset.probability: expected a probability from 0 to 1, got 2 (scenarios/bad.yaml:4:10)',
        '  phases[0].durationMs: expected a whole number of ms > 0, got -5 (scenarios/bad.yaml:7:17)',
        '  phases[1].faults.rateLimit.retryAfterS: expected a number of seconds >= 0, got "fast" ' +
          '(scenarios/bad.yaml:11:51)',
        '  phases[2].name: expected a name, got nothing (scenarios/bad.yaml:12:5)',
        '  maintenance[0].durationMs: expected a whole number of ms > 0, got nothing (scenarios/bad.yaml:14:5)',
        '  loop: expected true or false, got "sometimes" (scenarios/bad.yaml:15:7)',
      ].join('\n'),
    );
    expect(error.source).toBe('scenarios/bad.yaml');
    expect(error.issues[0]).toEqual({
      path: 'faults.rest',
      message: expect.stringContaining('unknown key "rest"'),
      line: 3,
      column: 3,
    });
  });

  it('checks what the schema cannot: endpoints a kind cannot strike, maxMs, probabilities over 1 on one roll', () => {
    const error = failure(() =>
      loadScenario(
        `faults:
  latency: { probability: 0.1, ms: 50, maxMs: 10 }
  stale: { probability: 0.5, endpoints: [createOrder, public] }
phases:
  - name: busy
    durationMs: 10
    faults:
      reset: 0.5
      malformed: 0.6
`,
        'more.yaml',
      ),
    );
    expect(error.message).toBe(
      [
        'Invalid exchange-sim scenario in more.yaml:',
        '  faults.latency.maxMs: expected maxMs >= ms (50), got 10 (more.yaml:2:47)',
        '  faults.stale.endpoints: stale can strike only ticker, orderBook, got createOrder (more.yaml:3:41)',
        '  phases[0].faults: probabilities on ticker, orderBook add up to 1.6 ' +
          '(reset 0.5 + malformed 0.6 + stale 0.5); at most 1, since one roll decides (more.yaml:8:7)',
        '  phases[0].faults: probabilities on balance, createOrder, fetchOrder, openOrders, cancelOrder ' +
          'add up to 1.1 (reset 0.5 + malformed 0.6); at most 1, since one roll decides (more.yaml:8:7)',
      ].join('\n'),
    );
    // Faults that never meet on one endpoint may add up to more than 1 together.
    expect(() => parseScenario({ faults: { stale: 0.6, nonce: 0.6, insufficientFunds: 0.4 } })).not.toThrow();
    expect(failure(() => parseScenario({ faults: { nonce: 0.6, insufficientFunds: 0.6 } })).issues).toEqual([
      {
        path: 'faults',
        message:
          'probabilities on createOrder add up to 1.2 (nonce 0.6 + insufficientFunds 0.6); ' +
          'at most 1, since one roll decides',
      },
    ]);
  });

  it('reports YAML syntax errors and documents that are not maps, with positions', () => {
    expect(failure(() => loadScenario('faults: [\n  reset: 1\n', 'syntax.yaml')).message).toMatch(
      /^Invalid exchange-sim scenario in syntax\.yaml:\n {2}.+ \(syntax\.yaml:3:1\)$/,
    );
    expect(failure(() => loadScenario('- 1\n- 2\n', 'list.yaml')).message).toBe(
      'Invalid exchange-sim scenario in list.yaml:\n' +
        '  expected a scenario (a map with faults, phases, maintenance), got a list (list.yaml:1:1)',
    );
  });

  it('reads files, naming them in errors', async () => {
    await expect(loadScenarioFile(scenarioFile('calm'))).resolves.toMatchObject({ name: 'calm', faults: {} });
    await expect(loadScenarioFile(scenarioFile('heavy'), 'heavy')).resolves.toMatchObject({ name: 'heavy' });
    await expect(loadScenarioFile('no/such.yaml')).rejects.toThrow(
      /^Invalid exchange-sim scenario in no\/such\.yaml:\n {2}cannot read the file: ENOENT/,
    );
  });

  it.each(readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml')))('ships %s valid', (file) => {
    const scenario = loadScenario(readFileSync(join(scenariosDir, file), 'utf8'), file);
    expect(scenario.name).toBe(file.replace('.yaml', ''));
  });

  it('ships lively with the phases npm start plays, looping', () => {
    const lively = loadScenario(readFileSync(join(scenariosDir, 'lively.yaml'), 'utf8'));
    expect(lively.phases?.map((p) => p.name)).toEqual([
      'calm',
      'flaky network',
      'rate limited',
      'maintenance window',
      'corrupt data',
      'calm again',
    ]);
    expect(lively.phases?.find((p) => p.maintenance)?.name).toBe('maintenance window');
    expect(lively.loop).toBe(true);
  });

  it('ships heavy with every fault kind', () => {
    const heavy = loadScenario(readFileSync(join(scenariosDir, 'heavy.yaml'), 'utf8'));
    expect(Object.keys(heavy.faults ?? {}).sort()).toEqual([
      'acceptThenTimeout',
      'insufficientFunds',
      'latency',
      'maintenance',
      'malformed',
      'nonce',
      'rateLimit',
      'reset',
      'stale',
      'timeout',
    ]);
    expect(heavy.maintenance).toHaveLength(1);
  });
});

describe('parseFaultsFlag', () => {
  it('reads kind=probability pairs', () => {
    expect(parseFaultsFlag('reset=0.1, rateLimit=0.05')).toEqual({
      reset: { probability: 0.1 },
      rateLimit: { probability: 0.05, retryAfterS: 1 },
    });
    expect(parseFaultsFlag('')).toEqual({});
  });

  it('names the flag and the entry in errors', () => {
    expect(failure(() => parseFaultsFlag('reset=lots')).message).toBe(
      'Invalid exchange-sim scenario in --faults:\n  expected kind=probability (like reset=0.1), got "reset=lots"',
    );
    expect(failure(() => parseFaultsFlag('flood=0.1')).message).toContain(
      'faults.flood: unknown key "flood" (fault kinds: latency,',
    );
    expect(failure(() => parseFaultsFlag('reset=1.5')).message).toContain(
      'faults.reset.probability: expected a probability from 0 to 1, got 1.5',
    );
    expect(failure(() => parseFaultsFlag('reset=0.7,rateLimit=0.7')).message).toContain('add up to 1.4');
  });
});
