import { describe, expect, it } from 'vitest';
import { Classifier, type Classification } from './Classifier.ts';
import type { ClassificationRule } from './ClassificationRule.ts';

const classifier = new Classifier();
const classify = (error: unknown): Classification => classifier.classify(error).classification;

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('Classifier: fetch and cause chains', () => {
  it('reads the real reason of `TypeError: fetch failed` from its cause', () => {
    const error = new TypeError('fetch failed', {
      cause: withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
    });
    expect(classifier.classify(error)).toMatchObject({
      facts: { name: 'TypeError', message: 'fetch failed', causes: [{ name: 'Error', code: 'ECONNREFUSED' }] },
      classification: { category: 'network', severity: 'medium', retryable: true, rule: 'code:ECONNREFUSED' },
    });
  });

  it('reads undici errors two causes down', () => {
    const socket = Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' });
    const wrapped = new Error('request failed', { cause: new TypeError('fetch failed', { cause: socket }) });
    expect(classify(wrapped)).toEqual({
      category: 'network',
      severity: 'medium',
      retryable: true,
      rule: 'code:UND_ERR_SOCKET',
    });
  });

  it('follows an AggregateError’s first error (Node’s happy-eyeballs connect)', () => {
    const aggregate = new AggregateError([withCode('connect ECONNREFUSED ::1:80', 'ECONNREFUSED')], 'connect failed');
    const error = new TypeError('fetch failed', { cause: aggregate });
    expect(classify(error).rule).toBe('code:ECONNREFUSED');
  });

  it('calls a fetch failure with no telling cause a network failure', () => {
    for (const message of [
      'fetch failed',
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
    ]) {
      expect(classify(new TypeError(message))).toEqual({
        category: 'network',
        severity: 'medium',
        retryable: true,
        rule: 'fetch:failed',
      });
    }
    // Only TypeErrors: a plain Error saying so is left to the message rules.
    expect(classify(new Error('fetch failed')).rule).toBe('default');
  });

  it('lets the outer error decide when it has structure of its own', () => {
    const error = Object.assign(new Error('Service Unavailable', { cause: withCode('reset', 'ECONNRESET') }), {
      status: 503,
    });
    expect(classify(error).rule).toBe('status:503');
  });

  it('falls back to the causes’ messages when nothing structural matches', () => {
    const error = new Error('order failed', { cause: new Error('connection reset by peer') });
    expect(classify(error)).toEqual({
      category: 'network',
      severity: 'medium',
      retryable: true,
      rule: 'message:network',
    });
  });

  it('takes Retry-After from a cause when the error has none', () => {
    const cause = Object.assign(new Error('Too Many Requests'), { status: 429, headers: { 'retry-after': '3' } });
    expect(classify(new Error('place order failed', { cause }))).toEqual({
      category: 'api',
      severity: 'medium',
      retryable: true,
      retryAfterMs: 3000,
      rule: 'status:429',
    });
  });

  it('survives cyclic causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(classifier.facts(a).causes.map((c) => c.message)).toEqual(['b']);
    expect(classify(a).rule).toBe('default');
  });
});

describe('Classifier: engine errors', () => {
  it.each<[string, Error, Classification]>([
    [
      'JSON.parse on an HTML page',
      syntaxError('<html>'),
      { category: 'data', severity: 'medium', retryable: true, rule: 'json:SyntaxError' },
    ],
    [
      'JSON.parse on a truncated body',
      syntaxError('{"a":'),
      { category: 'data', severity: 'medium', retryable: true, rule: 'json:SyntaxError' },
    ],
    [
      'Firefox’s wording',
      new SyntaxError('JSON.parse: unexpected character at line 1 column 1 of the JSON data'),
      { category: 'data', severity: 'medium', retryable: true, rule: 'json:SyntaxError' },
    ],
    [
      'ArrayBuffer allocation',
      rangeError(() => new ArrayBuffer(2 ** 40)),
      { category: 'memory', severity: 'critical', retryable: false, rule: 'engine:memory' },
    ],
    [
      'string too long',
      rangeError(() => 'x'.repeat(2 ** 30)),
      { category: 'memory', severity: 'critical', retryable: false, rule: 'engine:memory' },
    ],
    [
      'invalid array length',
      rangeError(() => new Array(-1)),
      { category: 'memory', severity: 'critical', retryable: false, rule: 'engine:memory' },
    ],
    [
      'stack overflow',
      new RangeError('Maximum call stack size exceeded'),
      { category: 'memory', severity: 'critical', retryable: false, rule: 'engine:memory' },
    ],
  ])('%s', (_, error, expected) => {
    expect(classify(error)).toEqual(expected);
  });

  it('leaves other SyntaxErrors and RangeErrors to their messages', () => {
    expect(classify(new SyntaxError('Unexpected identifier')).rule).toBe('default');
    expect(classify(new RangeError('Invalid time value')).rule).toBe('message:data');
  });
});

function syntaxError(text: string): Error {
  try {
    JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected JSON.parse to throw');
}

function rangeError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a RangeError');
}

describe('Classifier: anything can be thrown', () => {
  it.each<[string, unknown, string, Classification]>([
    [
      'a string',
      'connection lost',
      'string',
      { category: 'network', severity: 'medium', retryable: true, rule: 'message:network' },
    ],
    [
      'undefined',
      undefined,
      'undefined',
      { category: 'system', severity: 'medium', retryable: false, rule: 'default' },
    ],
    ['null', null, 'null', { category: 'system', severity: 'medium', retryable: false, rule: 'default' }],
    ['a number', 42, 'number', { category: 'system', severity: 'medium', retryable: false, rule: 'default' }],
    ['a symbol', Symbol('x'), 'symbol', { category: 'system', severity: 'medium', retryable: false, rule: 'default' }],
    ['a function', () => 1, 'function', { category: 'system', severity: 'medium', retryable: false, rule: 'default' }],
    [
      'a plain object with message and code',
      { message: 'socket hang up', code: 'ECONNRESET' },
      'object',
      { category: 'network', severity: 'medium', retryable: true, rule: 'code:ECONNRESET' },
    ],
    [
      'a thrown response body',
      { code: -1003, msg: 'Too many requests; current limit is 1200' },
      'object',
      { category: 'api', severity: 'medium', retryable: true, rule: 'message:rate-limit' },
    ],
    ['an empty object', {}, 'object', { category: 'system', severity: 'medium', retryable: false, rule: 'default' }],
  ])('%s', (_, value, name, expected) => {
    const { facts, classification } = classifier.classify(value);
    expect(facts.name).toBe(name);
    expect(classification).toEqual(expected);
  });

  it('never crashes on values whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
      },
    );
    expect(classifier.classify(hostile)).toEqual({
      facts: { name: 'unknown', names: [], message: '', causes: [] },
      classification: { category: 'system', severity: 'medium', retryable: false, rule: 'default' },
    });
    const badCause = Object.defineProperty(new Error('outer timeout'), 'cause', {
      get() {
        throw new Error('no');
      },
    });
    expect(classify(badCause).rule).toBe('message:network');
  });
});

describe('Classifier: custom rules', () => {
  const rules: ClassificationRule[] = [
    { name: 'kraken-nonce', match: { message: /EAPI:Invalid nonce/ }, category: 'api', retryable: true },
    { name: 'ban', match: { statuses: [418, 451] }, category: 'api', severity: 'critical' },
    { name: 'socket', match: { codes: ['ECONNRESET'], names: ['Error'] }, category: 'exchange' },
    { name: 'maintenance', match: { message: 'system maintenance' }, category: 'exchange', retryable: true },
    { name: 'by-test', match: { test: (facts) => facts.message.startsWith('strat:') }, category: 'strategy' },
  ];
  const custom = new Classifier({ rules });

  it.each<[string, unknown, Classification]>([
    [
      'a RegExp on the message',
      new Error('kraken {"error":["EAPI:Invalid nonce"]}'),
      { category: 'api', severity: 'medium', retryable: true, rule: 'custom:kraken-nonce' },
    ],
    [
      'statuses, severity given',
      Object.assign(new Error('x'), { status: 451 }),
      { category: 'api', severity: 'critical', retryable: false, rule: 'custom:ban' },
    ],
    [
      'codes (a cause’s) and names, all must hold',
      new Error('x', { cause: withCode('y', 'ECONNRESET') }),
      { category: 'exchange', severity: 'high', retryable: false, rule: 'custom:socket' },
    ],
    [
      'a phrase on whole words, any separators',
      new Error('SYSTEM_MAINTENANCE until 10:00'),
      { category: 'exchange', severity: 'high', retryable: true, rule: 'custom:maintenance' },
    ],
    [
      'a test function',
      'strat: no edge',
      { category: 'strategy', severity: 'medium', retryable: false, rule: 'custom:by-test' },
    ],
  ])('%s', (_, error, expected) => {
    expect(custom.classify(error).classification).toEqual(expected);
  });

  it('needs every criterion: names alone do not match when the code differs', () => {
    expect(custom.classify(withCode('x', 'EPIPE')).classification.rule).toBe('code:EPIPE');
  });

  it('runs before the built-ins, in registration order (addRule appends)', () => {
    const c = new Classifier();
    c.addRule({ name: 'first', match: { statuses: [429] }, category: 'exchange' });
    c.addRule({ name: 'second', match: { statuses: [429] }, category: 'network' });
    expect(c.classify(Object.assign(new Error(), { status: 429 })).classification.rule).toBe('custom:first');
  });

  it('skips a rule whose test throws', () => {
    const broken = () => {
      throw new Error('bug in rule');
    };
    const c = new Classifier({ rules: [{ name: 'broken', match: { test: broken }, category: 'data' }] });
    expect(c.classify(new Error('timeout')).classification.rule).toBe('message:network');
  });

  it('does not let a global RegExp skip matches through lastIndex', () => {
    const c = new Classifier({ rules: [{ name: 'g', match: { message: /boom/g }, category: 'data' }] });
    expect([1, 2, 3].map(() => c.classify(new Error('boom')).classification.rule)).toEqual([
      'custom:g',
      'custom:g',
      'custom:g',
    ]);
  });

  it('rejects malformed rules and options with a message naming them', () => {
    expect(() => new Classifier({ rules: [{ name: 'x', match: {}, category: 'nope' as 'api' }] })).toThrow(
      'Classifier rules[0] "x": category must be one of network, api, data, exchange, strategy, memory, config, ' +
        'system, got "nope"',
    );
    expect(() =>
      new Classifier().addRule({ name: 'x', match: {}, category: 'api', severity: 'huge' as 'low' }),
    ).toThrow('severity must be one of low, medium, high, critical, got "huge"');
    expect(() => new Classifier({ rules: [{ name: '', match: {}, category: 'api' }] })).toThrow(
      'name must be a non-empty string',
    );
    expect(
      () =>
        new Classifier({ rules: [{ name: 'r', match: {}, category: 'api', retryable: 'yes' as unknown as boolean }] }),
    ).toThrow('Classifier rules[0] "r": retryable must be a boolean, got "yes"');
    expect(() => new Classifier({ cacheSize: -1 })).toThrow(
      'Classifier: cacheSize must be a non-negative integer, got -1',
    );
    expect(() => new Classifier({ exchangeNames: ['ok', ''] })).toThrow(
      'exchangeNames must be an array of non-empty strings',
    );
  });
});

describe('Classifier: message cache', () => {
  it('never holds more than cacheSize messages, over 100,000 distinct ones', () => {
    const c = new Classifier({ cacheSize: 50 });
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      c.classifyFacts({ name: 'Error', names: ['Error'], message: `failure number ${i}`, causes: [] });
      max = Math.max(max, c.cachedMessages);
    }
    expect(max).toBe(50);
    expect(c.cachedMessages).toBe(50);
  });

  it('defaults to 1000 entries and gives the same answer from the cache', () => {
    const c = new Classifier();
    for (let i = 0; i < 1500; i++) c.classify(`timeout ${i}`);
    expect(c.cachedMessages).toBe(1000);
    const first = c.classify('api down').classification;
    expect(c.classify('api down').classification).toEqual(first);
    expect(first.rule).toBe('message:api');
  });

  it('does not keep very long messages', () => {
    const c = new Classifier();
    expect(c.classify(`timeout ${'x'.repeat(2000)}`).classification.rule).toBe('message:network');
    expect(c.cachedMessages).toBe(0);
  });

  it('can be turned off', () => {
    const c = new Classifier({ cacheSize: 0 });
    c.classify('timeout');
    expect(c.cachedMessages).toBe(0);
    expect(c.classify('timeout').classification.rule).toBe('message:network');
  });
});
