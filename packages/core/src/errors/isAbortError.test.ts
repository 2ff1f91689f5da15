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

/** Values whose property reads throw: a guard must answer false, never throw. */
function unreadableValues(): unknown[] {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const throwing = (what: string) => () => {
    throw new Error(what);
  };
  const trap = new Proxy({}, { get: throwing('get trap') });
  const getter = Object.defineProperty({}, 'name', { get: throwing('name getter') });
  const branded = Object.defineProperty({}, 'name', { get: throwing('brand getter') });
  return [revocable.proxy, trap, getter, branded];
}

describe('isAbortError on unreadable values', () => {
  it('returns false instead of throwing', () => {
    for (const value of unreadableValues()) expect(isAbortError(value)).toBe(false);
  });
});
