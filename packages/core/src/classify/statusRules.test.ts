import { describe, expect, it } from 'vitest';
import { Classifier } from './Classifier.ts';
import { statusVerdict } from './statusRules.ts';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const classifier = new Classifier({ now: () => T0 });

function httpError(status: number, headers?: unknown): Error {
  return Object.assign(new Error(`Request failed with status code ${status}`), { status, headers });
}

describe('HTTP status rules', () => {
  it.each<[number, string, string, boolean]>([
    [429, 'api', 'medium', true],
    [408, 'network', 'medium', true],
    [425, 'network', 'medium', true],
    [401, 'api', 'high', false],
    [403, 'api', 'high', false],
    [400, 'api', 'medium', false],
    [404, 'api', 'medium', false],
    [422, 'api', 'medium', false],
    [500, 'exchange', 'high', true],
    [502, 'network', 'medium', true],
    [503, 'exchange', 'high', true],
    [504, 'network', 'medium', true],
    [522, 'network', 'medium', true],
    [501, 'exchange', 'high', false],
    [505, 'exchange', 'high', false],
    [507, 'exchange', 'high', true],
  ])('%i -> %s / %s / retryable %s', (status, category, severity, retryable) => {
    expect(classifier.classify(httpError(status)).classification).toEqual({
      category,
      severity,
      retryable,
      rule: `status:${status}`,
    });
  });

  it('decides nothing for statuses that are not errors', () => {
    expect([100, 200, 204, 301, 399].map(statusVerdict)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // …so a 3xx error falls through to its message ("status code" has no keyword): the default.
    expect(classifier.classify(httpError(302)).classification.rule).toBe('default');
  });

  it('finds the status in statusCode and response.status / response.statusCode', () => {
    const statusCode = Object.assign(new Error('x'), { statusCode: 503 });
    const response = Object.assign(new Error('x'), { response: { status: 401 } });
    const nodeResponse = Object.assign(new Error('x'), { response: { statusCode: 429 } });
    expect(classifier.classify(statusCode).classification.rule).toBe('status:503');
    expect(classifier.classify(response).classification.rule).toBe('status:401');
    expect(classifier.classify(nodeResponse).classification.rule).toBe('status:429');
  });

  it('429 carries Retry-After given in seconds', () => {
    expect(classifier.classify(httpError(429, { 'retry-after': '30' })).classification).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: true,
      retryAfterMs: 30_000,
      rule: 'status:429',
    });
  });

  it('429 carries Retry-After given as an HTTP date, measured from the injected clock', () => {
    const at = new Date(T0 + 90_000).toUTCString(); // "Wed, 01 May 2024 12:01:30 GMT"
    expect(at).toBe('Wed, 01 May 2024 12:01:30 GMT');
    expect(classifier.classify(httpError(429, { 'Retry-After': at })).classification.retryAfterMs).toBe(90_000);
  });

  it('429 reads Retry-After from a fetch Headers object and from response.headers', () => {
    const fromHeaders = httpError(429, new Headers({ 'Retry-After': '2' }));
    const fromResponse = Object.assign(new Error('Too Many Requests'), {
      response: { status: 429, headers: new Headers({ 'retry-after': '5' }) },
    });
    expect(classifier.classify(fromHeaders).classification.retryAfterMs).toBe(2000);
    expect(classifier.classify(fromResponse).classification.retryAfterMs).toBe(5000);
  });

  it('418 (Binance IP ban) is retryable only when it says how long the ban lasts', () => {
    expect(classifier.classify(httpError(418, { 'retry-after': '120' })).classification).toEqual({
      category: 'api',
      severity: 'high',
      retryable: true,
      retryAfterMs: 120_000,
      rule: 'status:418',
    });
    expect(classifier.classify(httpError(418)).classification).toEqual({
      category: 'api',
      severity: 'high',
      retryable: false,
      rule: 'status:418',
    });
  });

  it('drops retryAfterMs when the failure is not retryable', () => {
    expect(classifier.classify(httpError(401, { 'retry-after': '10' })).classification).toEqual({
      category: 'api',
      severity: 'high',
      retryable: false,
      rule: 'status:401',
    });
  });
});
