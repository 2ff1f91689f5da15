import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, isConfigError, loadConfig, type ConfigWarning } from './index.ts';
import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';

const seedV1 = readFileSync(new URL('./fixtures/seed-v1.yaml', import.meta.url), 'utf8');
const seedV2 = readFileSync(new URL('./fixtures/seed-v2.yaml', import.meta.url), 'utf8');

const seedConfig: ErrorHandlerConfig = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  jitter: true,
  circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000 },
  recoveryActions: {
    network_retry: { enabled: true, priority: 1, maxRetries: 3 },
    rate_limit_wait: { enabled: true, priority: 2, waitTimeMs: 60_000 },
    data_fallback: { enabled: true, priority: 3, cacheTtlMs: 3_600_000 },
    exchange_fallback: { enabled: true, priority: 4, paperTradingEnabled: true },
  },
};

/** Runs `fn`, expecting a ConfigError, and returns it. */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

describe('loadConfig: the seed files', () => {
  it('loads the first version unchanged', () => {
    expect(loadConfig(seedV1, { source: 'config.yaml' })).toStrictEqual({ config: seedConfig, warnings: [] });
  });

  it('loads the later version to the same config, warning once per unknown key at the key', () => {
    const unknown = (key: string, line: number): ConfigWarning => ({
      path: `error_handling.${key}`,
      message: 'unknown key, ignored',
      line,
      column: 3,
      source: 'config.yaml',
    });
    expect(loadConfig(seedV2, { source: 'config.yaml' })).toStrictEqual({
      config: seedConfig,
      warnings: [
        unknown('retry_delay', 14),
        unknown('exponential_backoff', 15),
        unknown('max_backoff', 16),
        unknown('continue_on_error', 17),
        unknown('fallback_data_sources', 18),
        unknown('graceful_degradation', 19),
        unknown('log_errors', 20),
      ],
    });
  });

  it('reads the section content alone the same as the whole file', () => {
    const section = seedV1
      .split('\n')
      .slice(1)
      .map((line) => line.slice(2))
      .join('\n');
    expect(section.startsWith('max_retries: 3\n')).toBe(true);
    expect(loadConfig(section)).toStrictEqual({ config: seedConfig, warnings: [] });
  });

  it("ignores the bot's other top-level sections silently", () => {
    const text = yaml('exchange: { name: kraken, api_key: xxx }', 'strategy:', '  name: grid', seedV1.trimEnd());
    expect(loadConfig(text)).toStrictEqual({ config: seedConfig, warnings: [] });
  });

  it('treats an empty file or an empty section as no settings', () => {
    expect(loadConfig('')).toStrictEqual({ config: {}, warnings: [] });
    expect(loadConfig('# nothing yet\n')).toStrictEqual({ config: {}, warnings: [] });
    expect(loadConfig(yaml('error_handling:', '#  max_retries: 3'))).toStrictEqual({ config: {}, warnings: [] });
  });
});

describe('loadConfig: YAML as PyYAML reads it', () => {
  it('reads YAML 1.1 booleans and merge keys, as the seed did', () => {
    const text = yaml(
      'defaults: &action { enabled: yes, priority: 1 }',
      'error_handling:',
      '  jitter: off',
      '  recovery_actions:',
      '    network_retry: { <<: *action, max_retries: 2 }',
      '    exchange_fallback: { enabled: no, paper_trading_enabled: on }',
    );
    expect(loadConfig(text).config).toStrictEqual({
      jitter: false,
      recoveryActions: {
        network_retry: { enabled: true, priority: 1, maxRetries: 2 },
        exchange_fallback: { enabled: false, paperTradingEnabled: true },
      },
    });
  });

  it("honours a file's own %YAML 1.2 directive", () => {
    const error = configErrorOf(() => loadConfig(yaml('%YAML 1.2', '---', 'jitter: yes')));
    expect(error.message).toBe(
      'Invalid Breakwater config:\n' +
        '  jitter: expected true, false, "full" or "decorrelated", got "yes" (line 3, column 9)',
    );
  });

  it('reads jitter modes and bare numeric codes', () => {
    const text = yaml(
      'jitter: decorrelated',
      'classification_rules:',
      '  - name: binance-weight',
      '    match: { codes: [-1003, EAI_AGAIN], statuses: [418, 429] }',
      '    category: api',
    );
    expect(loadConfig(text).config).toStrictEqual({
      jitter: 'decorrelated',
      classificationRules: [
        { name: 'binance-weight', match: { codes: ['-1003', 'EAI_AGAIN'], statuses: [418, 429] }, category: 'api' },
      ],
    });
  });
});

describe('loadConfig: wrong values', () => {
  it('names the path, the expectation, the value and its position', () => {
    const error = configErrorOf(() =>
      loadConfig(seedV1.replace('failure_threshold: 5', 'failure_threshold: -1'), { source: 'config.yaml' }),
    );
    expect(error.message).toBe(
      'Invalid Breakwater config in config.yaml:\n' +
        '  error_handling.circuit_breaker.failure_threshold: expected a positive integer, got -1 (config.yaml:7:24)',
    );
    expect(error.source).toBe('config.yaml');
    expect(error.issues).toStrictEqual([
      {
        path: 'error_handling.circuit_breaker.failure_threshold',
        message: 'expected a positive integer, got -1',
        line: 7,
        column: 24,
      },
    ]);
  });

  it('reports every problem together, in file order', () => {
    const text = yaml(
      'error_handling:',
      '  max_retries: -1',
      '  base_delay: .nan',
      '  max_delay: sixty',
      '  jitter: fast',
      '  circuit_breaker:',
      '    failure_threshold: 0',
      '    recovery_timeout: -5',
      '  recovery_actions:',
      '    data_fallback: { cache_ttl: "3600", max_entries: 1.5 }',
      '  exchange_names: [binance, ""]',
      '  classification_rules:',
      '    - name: bans',
      '      match: { statuses: [418], message: banned }',
      '      category: netwrok',
      '      severity: urgent',
      '  retry_delay: 5',
    );
    const error = configErrorOf(() => loadConfig(text, { source: 'bot/config.yaml' }));
    expect(error.message).toBe(
      [
        'Invalid Breakwater config in bot/config.yaml:',
        '  error_handling.max_retries: expected a non-negative integer, got -1 (bot/config.yaml:2:16)',
        '  error_handling.base_delay: expected a non-negative number of seconds, got NaN (bot/config.yaml:3:15)',
        '  error_handling.max_delay: expected a non-negative number of seconds, got "sixty" (bot/config.yaml:4:14)',
        '  error_handling.jitter: expected true, false, "full" or "decorrelated", got "fast" (bot/config.yaml:5:11)',
        '  error_handling.circuit_breaker.failure_threshold: expected a positive integer, got 0 (bot/config.yaml:7:24)',
        '  error_handling.circuit_breaker.recovery_timeout: expected a non-negative number of seconds, got -5 ' +
          '(bot/config.yaml:8:23)',
        '  error_handling.recovery_actions.data_fallback.cache_ttl: expected a non-negative number of seconds, ' +
          'got "3600" (bot/config.yaml:10:33)',
        '  error_handling.recovery_actions.data_fallback.max_entries: expected a positive integer, got 1.5 ' +
          '(bot/config.yaml:10:54)',
        '  error_handling.exchange_names[1]: expected a non-empty string, got "" (bot/config.yaml:11:29)',
        '  error_handling.classification_rules[0].category: expected one of "network", "api", "data", ' +
          '"exchange", "strategy", "memory", "config", "system", got "netwrok" (bot/config.yaml:15:17)',
        '  error_handling.classification_rules[0].severity: expected one of "low", "medium", "high", "critical", ' +
          'got "urgent" (bot/config.yaml:16:17)',
      ].join('\n'),
    );
    expect(error.issues).toHaveLength(11);
  });

  it('reports infinities and wrong shapes', () => {
    const text = yaml(
      'max_delay: .inf',
      'exponential_base: 0.5',
      'circuit_breaker: 5',
      'recovery_actions:',
      '  network_retry: [enabled]',
      'exchange_names: binance',
      'classification_rules: { name: x }',
    );
    expect(configErrorOf(() => loadConfig(text)).message).toBe(
      [
        'Invalid Breakwater config:',
        '  max_delay: expected a non-negative number of seconds, got Infinity (line 1, column 12)',
        '  exponential_base: expected a number >= 1, got 0.5 (line 2, column 19)',
        '  circuit_breaker: expected a map, got 5 (line 3, column 18)',
        '  recovery_actions.network_retry: expected a map, got a list (line 5, column 18)',
        '  exchange_names: expected a list of exchange names, got "binance" (line 6, column 17)',
        '  classification_rules: expected a list of rules, got a map (line 7, column 23)',
      ].join('\n'),
    );
  });

  it('names both delays when max_delay is below base_delay', () => {
    const error = configErrorOf(() => loadConfig(yaml('base_delay: 5', 'max_delay: 2.5'), { source: 'c.yaml' }));
    expect(error.message).toBe(
      'Invalid Breakwater config in c.yaml:\n  max_delay: expected at least base_delay (5), got 2.5 (c.yaml:2:12)',
    );
  });

  it('checks the delays beside other problems', () => {
    const error = configErrorOf(() => loadConfig(yaml('max_retries: x', 'base_delay: 5', 'max_delay: 2')));
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toStrictEqual([
      'max_retries: expected a non-negative integer, got "x"',
      'max_delay: expected at least base_delay (5), got 2',
    ]);
  });

  it('points a missing key at the map that lacks it', () => {
    const text = yaml('classification_rules:', '  - match: { codes: [ECONNRESET] }');
    expect(configErrorOf(() => loadConfig(text)).message).toBe(
      [
        'Invalid Breakwater config:',
        '  classification_rules[0].name: expected a non-empty string, got nothing (line 2, column 5)',
        '  classification_rules[0].category: expected one of "network", "api", "data", "exchange", "strategy", ' +
          '"memory", "config", "system", got nothing (line 2, column 5)',
      ].join('\n'),
    );
  });

  it('rejects a rule whose criteria are all misspelled', () => {
    const text = yaml(
      'classification_rules:',
      '  - name: bans',
      '    match: { messages: banned }',
      '    category: api',
    );
    const error = configErrorOf(() => loadConfig(text));
    expect(error.message).toBe(
      'Invalid Breakwater config:\n' +
        '  classification_rules[0].match: expected at least one of names, codes, statuses or message, got none ' +
        '(line 3, column 12)',
    );
  });

  it('rejects a document that is not a map', () => {
    expect(configErrorOf(() => loadConfig('- 1\n- 2\n')).message).toBe(
      'Invalid Breakwater config:\n  expected a map, got a list (line 1, column 1)',
    );
  });
});

describe('loadConfig: unknown keys', () => {
  it('warns at every level with the key position and keeps the rest', () => {
    const text = yaml(
      'error_handling:',
      '  circuit_breaker: { failure_threshold: 2, half_open: 1 }',
      '  recovery_actions:',
      '    network_retry: { max_retries: 1, backoff: exponential }',
      '    email_alert: { enabled: true }',
      '  log-errors: true',
    );
    expect(loadConfig(text)).toStrictEqual({
      config: { circuitBreaker: { failureThreshold: 2 }, recoveryActions: { network_retry: { maxRetries: 1 } } },
      warnings: [
        { path: 'error_handling.circuit_breaker.half_open', message: 'unknown key, ignored', line: 2, column: 44 },
        {
          path: 'error_handling.recovery_actions.network_retry.backoff',
          message: 'unknown key, ignored',
          line: 4,
          column: 38,
        },
        { path: 'error_handling.recovery_actions.email_alert', message: 'unknown key, ignored', line: 5, column: 5 },
        { path: 'error_handling["log-errors"]', message: 'unknown key, ignored', line: 6, column: 3 },
      ],
    });
  });

  it('reports only errors when both are present', () => {
    const error = configErrorOf(() => loadConfig(yaml('retry_delay: 5', 'max_retries: -2')));
    expect(error.message).toBe(
      'Invalid Breakwater config:\n  max_retries: expected a non-negative integer, got -2 (line 2, column 14)',
    );
  });

  it("passes on yaml's own warnings", () => {
    expect(loadConfig(yaml('exchange_names: [!name binance]'), { source: 'c.yaml' })).toStrictEqual({
      config: { exchangeNames: ['binance'] },
      warnings: [{ path: '', message: 'Unresolved tag: !name', line: 1, column: 18, source: 'c.yaml' }],
    });
  });
});

describe('loadConfig: YAML syntax errors', () => {
  it('names the line and column', () => {
    const text = yaml('error_handling:', '  recovery_actions:', '    network_retry: { enabled: true', '  max_delay: 3');
    const error = configErrorOf(() => loadConfig(text, { source: 'config.yaml' }));
    expect(error.message).toBe(
      'Invalid Breakwater config in config.yaml:\n' +
        '  Flow map in block collection must be sufficiently indented and end with a } (config.yaml:4:3)',
    );
    expect(error.issues).toStrictEqual([
      {
        path: '',
        message: 'Flow map in block collection must be sufficiently indented and end with a }',
        line: 4,
        column: 3,
      },
    ]);
  });

  it('rejects duplicate keys rather than guess which one was meant', () => {
    expect(configErrorOf(() => loadConfig(yaml('max_retries: 3', 'max_retries: 4'))).message).toBe(
      'Invalid Breakwater config:\n  Map keys must be unique (line 2, column 1)',
    );
  });

  it('rejects a stream of several documents', () => {
    expect(configErrorOf(() => loadConfig(yaml('max_retries: 3', '---', 'max_retries: 4'))).issues).toStrictEqual([
      {
        path: '',
        message: 'Source contains multiple documents; please use YAML.parseAllDocuments()',
        line: 2,
        column: 1,
      },
    ]);
  });

  it('stops alias bombs with a ConfigError', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const error = configErrorOf(() => loadConfig(yaml(...lines)));
    expect(error.message).toBe(
      'Invalid Breakwater config:\n  Excessive alias count indicates a resource exhaustion attack',
    );
    expect(error.cause).toBeInstanceOf(ReferenceError);
  });
});

describe('loadConfig: large documents', () => {
  const many = 20_000;
  // Linear by construction (one walk, see indexDocument.test.ts); the timeout only guards the old minutes.
  it(`warns about ${many} unknown keys, each at its line`, { timeout: 15_000 }, () => {
    const text = yaml(
      'error_handling:',
      ...Array.from({ length: many }, (_, i) => `  unknown_${i}: ${i}`),
      '  max_retries: 2',
    );
    const { config, warnings } = loadConfig(text, { source: 'big.yaml' });
    expect(config).toStrictEqual({ maxRetries: 2 });
    expect(warnings).toHaveLength(many);
    expect(warnings[0]).toStrictEqual({
      path: 'error_handling.unknown_0',
      message: 'unknown key, ignored',
      line: 2,
      column: 3,
      source: 'big.yaml',
    });
    expect(warnings[many - 1]).toMatchObject({ path: `error_handling.unknown_${many - 1}`, line: many + 1 });
  });

  it(`lists ${many} duplicate keys in one ConfigError, each at its line`, { timeout: 15_000 }, () => {
    const keys = Array.from({ length: many }, (_, i) => `  k${i}: ${i}`);
    const error = configErrorOf(() => loadConfig(yaml('extra:', ...keys, ...keys)));
    expect(error.issues).toHaveLength(many);
    expect(error.issues[0]).toStrictEqual({ path: '', message: 'Map keys must be unique', line: many + 2, column: 3 });
    expect(error.issues[many - 1]).toMatchObject({ line: 2 * many + 1 });
  });

  it('still rejects duplicate keys beside syntax errors, in file order', () => {
    const error = configErrorOf(() => loadConfig(yaml('max_retries: 1', 'max_retries: 2', 'jitter: [true')));
    expect(error.issues[0]).toStrictEqual({ path: '', message: 'Map keys must be unique', line: 2, column: 1 });
    expect(error.issues.length).toBeGreaterThan(1);
    expect(error.issues.slice(1).every((issue) => (issue.line ?? 0) >= 3)).toBe(true);
  });
});
