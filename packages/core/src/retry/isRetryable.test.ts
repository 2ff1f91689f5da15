import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { errorNameOf, isRetryable, retryAfterOf } from './isRetryable.ts';

describe('isRetryable', () => {
  it.each([
    ['a plain Error', new Error('x'), true],
    ['a TimeoutError', new TimeoutError(10), true],
    ['a platform TimeoutError', new DOMException('t', 'TimeoutError'), true],
    ['retryable: true', { retryable: true }, true],
    ['retryable: "false" (not a boolean)', { retryable: 'false' }, true],
    ['a string', 'boom', true],
    ['undefined', undefined, true],
    ['null', null, true],
    ['retryable: false', { retryable: false }, false],
    ['an AbortError', new DOMException('a', 'AbortError'), false],
    ["an aborted signal's reason", AbortSignal.abort().reason, false],
    ['a CircuitOpenError that will half-open', new CircuitOpenError('k', 500), true],
    ['a CircuitOpenError about to half-open (0 ms)', new CircuitOpenError('k', 0), true],
    ['a CircuitOpenError of an isolated breaker', new CircuitOpenError('k', undefined), false],
  ])('%s → %s', (_, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('retryAfterOf', () => {
  it.each([
    [{ retryAfterMs: 1500 }, 1500],
    [new CircuitOpenError('k', 250), 250],
    [new CircuitOpenError('k', undefined), 0],
    [{ retryAfterMs: 0 }, 0],
    [{ retryAfterMs: -5 }, 0],
    [{ retryAfterMs: Number.NaN }, 0],
    [{ retryAfterMs: Number.POSITIVE_INFINITY }, 0],
    [{ retryAfterMs: '100' }, 0],
    [new Error('x'), 0],
    ['str', 0],
    [null, 0],
    [undefined, 0],
  ])('%o → %s', (error, expected) => {
    expect(retryAfterOf(error)).toBe(expected);
  });
});

describe('errorNameOf', () => {
  it.each([
    [new TypeError('x'), 'TypeError'],
    [new TimeoutError(1), 'TimeoutError'],
    [{ name: 'Custom' }, 'Custom'],
    [{ name: 42 }, 'object'],
    ['boom', 'string'],
    [42, 'number'],
    [undefined, 'undefined'],
    [null, 'null'],
  ])('%o → %s', (error, expected) => {
    expect(errorNameOf(error)).toBe(expected);
  });
});
