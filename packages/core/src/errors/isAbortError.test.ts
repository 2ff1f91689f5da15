import { describe, expect, it } from 'vitest';
import { TimeoutError } from './TimeoutError.ts';
import { isAbortError } from './isAbortError.ts';

describe('isAbortError', () => {
  it.each([
    ['a DOMException AbortError', new DOMException('aborted', 'AbortError'), true],
    ["an aborted signal's default reason", AbortSignal.abort().reason, true],
    ['a look-alike', { name: 'AbortError' }, true],
    ['an Error renamed AbortError', Object.assign(new Error('x'), { name: 'AbortError' }), true],
    ['a TimeoutError', new TimeoutError(1), false],
    ["AbortSignal.timeout's reason name", new DOMException('t', 'TimeoutError'), false],
    ['the string "AbortError"', 'AbortError', false],
    ['a plain Error', new Error('AbortError'), false],
    ['null', null, false],
    ['undefined', undefined, false],
  ])('%s → %s', (_, value, expected) => {
    expect(isAbortError(value)).toBe(expected);
  });
});
