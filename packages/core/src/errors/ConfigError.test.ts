import { describe, expect, it } from 'vitest';
import * as config from '../config/index.ts';
import * as root from '../index.ts';
import { ConfigError, formatPath, isConfigError } from './ConfigError.ts';

describe('ConfigError', () => {
  it('lists one issue per line under a header naming the source', () => {
    const error = new ConfigError(
      [
        { path: 'error_handling.max_retries', message: 'expected a non-negative integer, got -1', line: 2, column: 16 },
        { path: '', message: 'expected a map, got a list' },
      ],
      'config.yaml',
    );
    expect(error.message).toBe(
      'Invalid Breakwater config in config.yaml:\n' +
        '  error_handling.max_retries: expected a non-negative integer, got -1 (config.yaml:2:16)\n' +
        '  expected a map, got a list',
    );
    expect(error.name).toBe('ConfigError');
    expect(error.source).toBe('config.yaml');
    expect(error).toBeInstanceOf(Error);
  });

  it('spells the position out when there is no source', () => {
    const error = new ConfigError([{ path: 'jitter', message: 'expected true or false, got 1', line: 3, column: 9 }]);
    expect(error.message).toBe(
      'Invalid Breakwater config:\n  jitter: expected true or false, got 1 (line 3, column 9)',
    );
    expect(error.source).toBeUndefined();
  });

  it('keeps the cause', () => {
    const cause = new ReferenceError('too many aliases');
    expect(new ConfigError([], undefined, { cause }).cause).toBe(cause);
  });

  it('is recognised by its brand, even from another copy of the package', () => {
    expect(isConfigError(new ConfigError([]))).toBe(true);
    expect(isConfigError({ 'breakwater.ConfigError': true })).toBe(true);
    expect(isConfigError(new Error('Invalid Breakwater config:'))).toBe(false);
    expect(isConfigError(null)).toBe(false);
    expect(isConfigError('ConfigError')).toBe(false);
  });

  it('is one class, exported by the root entry and by @breakwater/core/config', () => {
    expect(root.ConfigError).toBe(ConfigError);
    expect(config.ConfigError).toBe(ConfigError);
    expect(root.isConfigError).toBe(isConfigError);
  });

  it('writes paths as zod does', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['error_handling', 'classification_rules', 0, 'match', 'codes', 1])).toBe(
      'error_handling.classification_rules[0].match.codes[1]',
    );
    expect(formatPath(['error_handling', 'log-errors', 'x'])).toBe('error_handling["log-errors"].x');
    expect(formatPath([0, 'a', '', 'b'])).toBe('[0].a..b');
  });
});
