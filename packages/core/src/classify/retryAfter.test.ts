import { describe, expect, it } from 'vitest';
import { headerOf, parseRetryAfter } from './retryAfter.ts';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const now = () => T0;

describe('parseRetryAfter', () => {
  it.each<[unknown, number | undefined]>([
    ['120', 120_000],
    [' 1.5 ', 1500],
    [0, 0],
    [3, 3000],
    ['Wed, 01 May 2024 12:00:30 GMT', 30_000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    [-5, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['', undefined],
    [undefined, undefined],
    [{}, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('reads the clock only for dates', () => {
    let reads = 0;
    parseRetryAfter('10', () => ++reads);
    expect(reads).toBe(0);
  });
});

describe('headerOf', () => {
  it('finds a header in any case, in arrays, in Headers and Map-like objects', () => {
    expect(headerOf({ 'retry-after': '1' }, 'retry-after')).toBe('1');
    expect(headerOf({ 'Retry-After': '2' }, 'retry-after')).toBe('2');
    expect(headerOf({ 'RETRY-AFTER': ['3', '4'] }, 'retry-after')).toBe('3');
    expect(headerOf(new Headers({ 'Retry-After': '5' }), 'retry-after')).toBe('5');
    expect(headerOf(new Map([['retry-after', '6']]), 'retry-after')).toBe('6');
    expect(headerOf(new Headers(), 'retry-after')).toBeUndefined();
    expect(headerOf('retry-after: 1', 'retry-after')).toBeUndefined();
    expect(headerOf(null, 'retry-after')).toBeUndefined();
  });
});
