import { describe, expect, it } from 'vitest';
import { CircuitOpenError, isCircuitOpenError } from './CircuitOpenError.ts';

describe('CircuitOpenError', () => {
  it('carries the seed’s message, the breaker name and how long to wait', () => {
    const error = new CircuitOpenError('kraken', 1_500);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Circuit breaker kraken is OPEN');
    expect(error.name).toBe('CircuitOpenError');
    expect(error.breaker).toBe('kraken');
    expect(error.retryAfterMs).toBe(1_500);
    expect(error.retryable).toBe(true);
    expect(String(error)).toBe('CircuitOpenError: Circuit breaker kraken is OPEN');
  });

  it('is not retryable when the breaker is isolated (retryAfterMs undefined)', () => {
    const error = new CircuitOpenError('binance', undefined);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.retryable).toBe(false);
  });

  it('a wait of 0 (saturated HALF_OPEN) is still retryable', () => {
    expect(new CircuitOpenError('x', 0).retryable).toBe(true);
  });
});

describe('isCircuitOpenError', () => {
  it('recognises the class', () => {
    expect(isCircuitOpenError(new CircuitOpenError('kraken', 0))).toBe(true);
  });

  it('recognises a copy from another bundle by its brand, not by instanceof', () => {
    const foreign = Object.assign(new Error('Circuit breaker kraken is OPEN'), { 'breakwater.CircuitOpenError': true });
    expect(foreign instanceof CircuitOpenError).toBe(false);
    expect(isCircuitOpenError(foreign)).toBe(true);
  });

  it('rejects look-alikes and non-objects', () => {
    const lookAlike = Object.assign(new Error('Circuit breaker kraken is OPEN'), { name: 'CircuitOpenError' });
    for (const value of [
      lookAlike,
      new Error('x'),
      { 'breakwater.CircuitOpenError': 'yes' },
      null,
      undefined,
      'CircuitOpenError',
      42,
    ]) {
      expect(isCircuitOpenError(value)).toBe(false);
    }
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
  const branded = Object.defineProperty({}, 'breakwater.CircuitOpenError', { get: throwing('brand getter') });
  return [revocable.proxy, trap, getter, branded];
}

describe('isCircuitOpenError on unreadable values', () => {
  it('returns false instead of throwing', () => {
    for (const value of unreadableValues()) expect(isCircuitOpenError(value)).toBe(false);
  });
});
