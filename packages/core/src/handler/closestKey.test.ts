import { describe, expect, it } from 'vitest';
import { closestKey } from './closestKey.ts';

const keys = ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'failureThreshold', 'codes'];

describe('closestKey', () => {
  it('finds typos, swapped letters and other spellings of a known key', () => {
    expect(closestKey('maxRetires', keys)).toBe('maxRetries');
    expect(closestKey('maxretries', keys)).toBe('maxRetries');
    expect(closestKey('failure_threshold', keys)).toBe('failureThreshold');
    expect(closestKey('base_delay', keys)).toBe('baseDelayMs');
    expect(closestKey('code', keys)).toBe('codes');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestKey('retryDelay', keys)).toBeUndefined();
    expect(closestKey('x', keys)).toBeUndefined();
    expect(closestKey('', keys)).toBeUndefined();
    expect(closestKey('maxRetries'.repeat(10), keys)).toBeUndefined();
  });
});
