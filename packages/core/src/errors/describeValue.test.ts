import { describe, expect, it } from 'vitest';
import { describeValue } from './describeValue.ts';

describe('describeValue', () => {
  it('shows scalars as YAML would load them', () => {
    expect(describeValue(-1)).toBe('-1');
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue(true)).toBe('true');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(10n)).toBe('10');
  });

  it('quotes strings, so "60" and 60 read differently', () => {
    expect(describeValue('60')).toBe('"60"');
    expect(describeValue('')).toBe('""');
    expect(describeValue('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('names collections and absence', () => {
    expect(describeValue([])).toBe('an empty list');
    expect(describeValue([1])).toBe('a list');
    expect(describeValue({})).toBe('an empty map');
    expect(describeValue({ a: 1 })).toBe('a map');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(() => 1)).toBe('function');
  });
});
