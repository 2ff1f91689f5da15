import { describe, expect, it } from 'vitest';
import { ErrorHandler } from '@breakwater/core';
import { ExchangeResponseError, RequestTimeoutError } from '@breakwater/exchange-sim/client';
import { exchangeCause } from './exchangeCause.ts';

const handler = new ErrorHandler();
const classify = (error: unknown) => handler.classify(error, 'fetch_ticker', 'market-data');
const answer = (status: number, name: string, headers: Record<string, string> = {}) =>
  new ExchangeResponseError({
    name,
    method: 'GET',
    path: '/api/ticker',
    status,
    headers,
    body: {},
    detail: 'words that must not matter',
  });

describe('exchangeCause', () => {
  it('reads the cause from the classified error of each failure the exchange simulator produces', () => {
    expect(exchangeCause(classify(answer(503, 'OnMaintenance')))).toBe('maintenance');
    expect(exchangeCause(classify(answer(503, 'ExchangeNotAvailable')))).toBe('unavailable');
    expect(exchangeCause(classify(answer(502, 'ExchangeNotAvailable')))).toBe('unavailable');
    expect(exchangeCause(classify(answer(429, 'RateLimitExceeded', { 'retry-after': '2' })))).toBe('rate-limit');
    expect(exchangeCause(classify(new RequestTimeoutError('GET', '/api/ticker', 4000)))).toBe('no-answer');
    expect(
      exchangeCause(
        classify(
          Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          }),
        ),
      ),
    ).toBe('no-answer');
    expect(exchangeCause(classify(new SyntaxError('Unterminated string in JSON at position 40')))).toBe('corrupt-data');
  });

  it('never guesses from the message: "maintenance" in a timeout is no answer, "rate limit" in a 400 nothing', () => {
    expect(exchangeCause(classify(new RequestTimeoutError('GET', '/api/maintenance-window', 4000)))).toBe('no-answer');
    expect(
      exchangeCause(classify(Object.assign(answer(400, 'InvalidOrder'), { message: 'rate limit: order too small' }))),
    ).toBeUndefined();
    expect(exchangeCause(classify(answer(400, 'InsufficientFunds')))).toBeUndefined();
  });
});
