import { describe, expect, it } from 'vitest';
import { isTimeoutError, TimeoutError } from './TimeoutError.ts';

describe('TimeoutError', () => {
  it('carries the timeout, a fixed message and the platform name', () => {
    const error = new TimeoutError(5000);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('Operation timed out after 5000 ms');
    expect(error.timeoutMs).toBe(5000);
    expect(String(error)).toBe('TimeoutError: Operation timed out after 5000 ms');
  });

  it('isTimeoutError recognises it by brand, also from another copy of the package', () => {
    expect(isTimeoutError(new TimeoutError(1))).toBe(true);
    expect(isTimeoutError({ 'breakwater.TimeoutError': true })).toBe(true);
    expect(isTimeoutError(new DOMException('t', 'TimeoutError'))).toBe(false);
    expect(isTimeoutError(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(false);
    expect(isTimeoutError(undefined)).toBe(false);
    expect(isTimeoutError('TimeoutError')).toBe(false);
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
  const branded = Object.defineProperty({}, 'breakwater.TimeoutError', { get: throwing('brand getter') });
  return [revocable.proxy, trap, getter, branded];
}

describe('isTimeoutError on unreadable values', () => {
  it('returns false instead of throwing', () => {
    for (const value of unreadableValues()) expect(isTimeoutError(value)).toBe(false);
  });
});
