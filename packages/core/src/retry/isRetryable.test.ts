import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../errors/CircuitOpenError.ts';
import { readFacts } from '../classify/readFacts.ts';
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

/** Values whose reads throw, made fresh per test (a revoked Proxy cannot even be printed in a test name). */
const hostile: [string, () => unknown][] = [
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  ],
  [
    'a Proxy whose every read throws',
    () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('no reads');
          },
        },
      ),
  ],
  [
    'an Error whose name getter throws',
    () =>
      Object.defineProperty(new Error('x'), 'name', {
        get() {
          throw new Error('no name');
        },
      }),
  ],
  [
    'headers whose get() throws',
    () => ({
      status: 429,
      headers: {
        get: () => {
          throw new Error('no headers');
        },
      },
    }),
  ],
];

describe('unreadable values never make these throw', () => {
  it.each(hostile)('%s: not retryable, asks no wait, named "unknown" (or its readable name)', (label, make) => {
    const value = make();
    expect(isRetryable(value)).toBe(label === 'headers whose get() throws');
    expect(retryAfterOf(value)).toBe(0);
    expect(errorNameOf(value)).toBe(label === 'headers whose get() throws' ? 'object' : 'unknown');
  });
});

describe('retryAfterOf reads a raw Retry-After header', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const now = () => T0;
  it.each([
    ['seconds, any key case', { status: 429, headers: { 'RETRY-AFTER': '7' } }, 7000],
    ['fractional seconds', { status: 429, headers: { 'retry-after': '1.5' } }, 1500],
    ['a fetch Headers object', { status: 429, headers: new Headers({ 'Retry-After': '7' }) }, 7000],
    ['response.headers', { response: { status: 429, headers: { 'retry-after': '7' } } }, 7000],
    ['retryAfter (seconds)', { retryAfter: 2 }, 2000],
    [
      'an HTTP date, from now()',
      { status: 429, headers: { 'retry-after': new Date(T0 + 90_000).toUTCString() } },
      90_000,
    ],
    ['an HTTP date in the past', { status: 429, headers: { 'retry-after': new Date(T0 - 5000).toUTCString() } }, 0],
    ['retryAfterMs wins over the header', { retryAfterMs: 10, headers: { 'retry-after': '7' } }, 10],
    ['a negative header', { headers: { 'retry-after': '-5' } }, 0],
    ['a garbage header', { headers: { 'retry-after': 'soon' } }, 0],
  ])('%s', (_, error, expected) => {
    expect(retryAfterOf(error, now)).toBe(expected);
  });

  it('is the same reader as classification: the same answer for every shape', () => {
    const shapes: object[] = [
      { retryAfterMs: 1500 },
      { retryAfterMs: -1, retryAfter: '3' },
      { retryAfter: new Date(T0 + 4000).toUTCString() },
      { headers: { 'Retry-After': '7' } },
      { headers: new Headers({ 'retry-after': '8' }) },
      { response: { headers: { 'retry-after': ['9', '10'] } } },
      { headers: { 'retry-after': 'soon' } },
      {},
    ];
    expect(shapes.map((e) => retryAfterOf(e, now))).toEqual(shapes.map((e) => readFacts(e, now).retryAfterMs ?? 0));
    expect(shapes.map((e) => retryAfterOf(e, now))).toEqual([1500, 3000, 4000, 7000, 8000, 9000, 0, 0]);
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
