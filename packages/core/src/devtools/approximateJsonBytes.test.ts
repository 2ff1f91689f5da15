import { describe, expect, it } from 'vitest';
import { approximateJsonBytes } from './approximateJsonBytes.ts';

describe('approximateJsonBytes', () => {
  it('is exact for ASCII strings, booleans and null, a byte high per non-empty container; numbers count 8', () => {
    const value = {
      type: 'breaker.state',
      name: 'kraken',
      open: true,
      cause: null,
      tags: ['a', 'bc'],
      skip: undefined,
    };
    expect(approximateJsonBytes(value)).toBe(JSON.stringify(value).length + 2);
    expect(approximateJsonBytes(12345678)).toBe(8);
    expect(approximateJsonBytes([])).toBe(2);
  });

  it('stops walking at depth 8 with a fixed guess (and so survives a cycle)', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(approximateJsonBytes(cycle)).toBe(8 * (2 + 'self'.length + 4) + 64);
  });
});
