import { describe, expect, it } from 'vitest';
import { categoryDefaults, verdictOf } from './categoryDefaults.ts';
import { ERROR_CATEGORIES } from './ErrorCategory.ts';

describe('categoryDefaults', () => {
  it('gives every category the seed’s severity; only NETWORK retries by default', () => {
    expect(Object.keys(categoryDefaults).sort()).toEqual([...ERROR_CATEGORIES].sort());
    expect(categoryDefaults).toEqual({
      network: { severity: 'medium', retryable: true },
      api: { severity: 'medium', retryable: false },
      data: { severity: 'high', retryable: false },
      exchange: { severity: 'high', retryable: false },
      strategy: { severity: 'medium', retryable: false },
      memory: { severity: 'critical', retryable: false },
      config: { severity: 'high', retryable: false },
      system: { severity: 'medium', retryable: false },
    });
  });

  it('fills in what a rule leaves out, and only that', () => {
    expect(verdictOf('data')).toEqual({ category: 'data', severity: 'high', retryable: false });
    expect(verdictOf('data', 'low')).toEqual({ category: 'data', severity: 'low', retryable: false });
    expect(verdictOf('network', undefined, false)).toEqual({
      category: 'network',
      severity: 'medium',
      retryable: false,
    });
  });
});
