import { describe, expect, it } from 'vitest';
import { Classifier } from '../classify/Classifier.ts';
import { fingerprintOf } from '../classify/fingerprint.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { seededRandom } from '../time/seededRandom.ts';
import { createErrorContext } from './createErrorContext.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

const T0 = 1_700_000_000_000;

function setup(config: ErrorHandlerConfig = {}) {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler({ jitter: false, ...config }, { clock, random: seededRandom(7) });
  return { clock, handler };
}

const facts = (error: unknown) => new Classifier().facts(error);

class OnMaintenance extends Error {
  override name = 'OnMaintenance';
}

describe('ErrorHandler.classify', () => {
  it('builds a full context for a network error (ECONNRESET)', () => {
    const { handler } = setup();
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const ctx = handler.classify(error, 'fetchTicker', 'kraken');
    expect(ctx).toEqual({
      id: ctx.id,
      operation: 'fetchTicker',
      component: 'kraken',
      category: 'network',
      severity: 'medium',
      retryable: true,
      retryCount: 0,
      maxRetries: 3,
      timestamp: T0,
      name: 'Error',
      message: 'read ECONNRESET',
      code: 'ECONNRESET',
      fingerprint: fingerprintOf(facts(error), 'fetchTicker'),
      stack: error.stack,
      metadata: {},
      error,
    });
    expect(ctx.error).toBe(error);
    expect(ctx.id).toMatch(/^[0-9a-z]{6}-1$/);
  });

  it('gives each context its own id with one prefix per handler', () => {
    const { handler } = setup();
    const ids = [1, 2, 3].map(() => handler.classify(new Error('x'), 'op', 'c').id);
    const prefix = ids[0]!.slice(0, 6);
    expect(ids).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
  });

  it('leaves out code, status, retryAfterMs and stack when the error has none', () => {
    const { handler } = setup();
    const ctx = handler.classify('boom', 'op', 'c');
    expect(Object.keys(ctx).sort()).toEqual(
      [
        'id',
        'operation',
        'component',
        'category',
        'severity',
        'retryable',
        'retryCount',
        'maxRetries',
        'timestamp',
        'name',
        'message',
        'fingerprint',
        'metadata',
        'error',
      ].sort(),
    );
    expect([ctx.name, ctx.message, ctx.category, ctx.severity, ctx.retryable]).toEqual([
      'string',
      'boom',
      'system',
      'medium',
      false,
    ]);
  });

  it('reads status and Retry-After of an HTTP 429 (header in seconds)', () => {
    const { handler } = setup();
    const error = Object.assign(new Error('Too Many Requests'), { status: 429, headers: { 'Retry-After': '7' } });
    const ctx = handler.classify(error, 'fetchTicker', 'binance');
    expect([ctx.category, ctx.severity, ctx.retryable, ctx.status, ctx.retryAfterMs]).toEqual([
      'api',
      'medium',
      true,
      429,
      7000,
    ]);
  });

  it('classifies what the default recovery actions are keyed on', () => {
    const { handler } = setup();
    const c = (e: unknown) => {
      const ctx = handler.classify(e, 'op', 'c');
      return [ctx.name, ctx.category, ctx.severity, ctx.retryable];
    };
    let syntax: unknown;
    try {
      JSON.parse('<html>Bad Gateway</html>');
    } catch (e) {
      syntax = e;
    }
    expect(c(syntax)).toEqual(['SyntaxError', 'data', 'medium', true]);
    expect(c(new OnMaintenance('kraken is down for maintenance'))).toEqual(['OnMaintenance', 'exchange', 'high', true]);
    expect(c(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toEqual([
      'Error',
      'network',
      'medium',
      true,
    ]);
    expect(c(new Error('order rejected'))).toEqual(['Error', 'system', 'medium', false]);
  });

  it('uses the configured maxRetries', () => {
    const { handler } = setup({ maxRetries: 5 });
    expect(handler.classify(new Error('x'), 'op', 'c').maxRetries).toBe(5);
  });

  it('redacts secrets in metadata and keeps the rest', () => {
    const { handler } = setup();
    const metadata = {
      apiKey: 'abc',
      url: 'https://api.kraken.com/0/private/Balance?apiKey=XYZ&signature=SIG',
      symbol: 'BTC/USD',
      nested: { password: 'hunter2', amount: 0.5 },
    };
    const ctx = handler.classify(new Error('x'), 'op', 'c', metadata);
    expect(ctx.metadata).toEqual({
      apiKey: '[REDACTED]',
      url: 'https://api.kraken.com/0/private/Balance?apiKey=[REDACTED]&signature=[REDACTED]',
      symbol: 'BTC/USD',
      nested: { password: '[REDACTED]', amount: 0.5 },
    });
    // A copy: the caller's object is untouched.
    expect(metadata.apiKey).toBe('abc');
    expect(JSON.stringify(ctx.metadata)).not.toMatch(/abc|XYZ|SIG|hunter2/);
  });

  it('redacts secrets in the message and stack', () => {
    const { handler } = setup();
    const error = new Error('GET https://api.kraken.com/0/private/Balance?apiKey=XYZ&signature=SIG failed');
    const ctx = handler.classify(error, 'op', 'c');
    expect(ctx.message).toBe(
      'GET https://api.kraken.com/0/private/Balance?apiKey=[REDACTED]&signature=[REDACTED] failed',
    );
    expect(ctx.stack).not.toMatch(/XYZ|SIG/);
    expect(ctx.stack!.startsWith('Error: GET https://api.kraken.com/0/private/Balance?apiKey=[REDACTED]')).toBe(true);
  });

  it('gives the same failure the same fingerprint, across varying ids and per operation', () => {
    const { handler } = setup();
    const a = handler.classify(new Error('Order 123 not found'), 'cancel', 'kraken');
    const b = handler.classify(new Error('Order 456 not found'), 'cancel', 'kraken');
    const c = handler.classify(new Error('Order 456 not found'), 'fetch', 'kraken');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('custom classification rules win over the built-ins and survive configure()', () => {
    const { handler } = setup();
    handler.addClassificationRule({
      name: 'nonce',
      match: { message: 'nonce too small' },
      category: 'api',
      retryable: true,
    });
    const before = handler.classify(new Error('EAPI:Invalid nonce too small'), 'op', 'c');
    expect([before.category, before.severity, before.retryable]).toEqual(['api', 'medium', true]);
    handler.configure({ jitter: false, maxRetries: 2 });
    const after = handler.classify(new Error('EAPI:Invalid nonce too small'), 'op', 'c');
    expect([after.category, after.retryable, after.maxRetries]).toEqual(['api', true, 2]);
  });

  it('rules from the config run before rules added later', () => {
    const { handler } = setup({
      classificationRules: [{ name: 'from-config', match: { codes: ['E1'] }, category: 'strategy' }],
    });
    handler.addClassificationRule({ name: 'added', match: { codes: ['E1'] }, category: 'memory' });
    expect(handler.classify(Object.assign(new Error('x'), { code: 'E1' }), 'op', 'c').category).toBe('strategy');
  });

  it('uses the configured exchange names for message rules', () => {
    const { handler } = setup({ exchangeNames: ['acmex'] });
    expect(handler.classify(new Error('acmex returned garbage'), 'op', 'c').category).toBe('exchange');
    expect(handler.classify(new Error('kraken returned garbage'), 'op', 'c').category).toBe('system');
  });
});

describe('createErrorContext', () => {
  it('fills in the seed defaults', () => {
    const ctx = createErrorContext({ operation: 'fetchTicker', component: 'kraken', timestamp: T0 });
    expect(ctx).toEqual({
      id: ctx.id,
      operation: 'fetchTicker',
      component: 'kraken',
      category: 'system',
      severity: 'medium',
      retryable: false,
      retryCount: 0,
      maxRetries: 3,
      timestamp: T0,
      name: 'Error',
      message: '',
      fingerprint: 'Error|fetchTicker|',
      metadata: {},
    });
  });

  it("takes the given category's usual severity and retry answer, as classification does", () => {
    expect(createErrorContext({ operation: 'o', component: 'c', category: 'network' })).toMatchObject({
      severity: 'medium',
      retryable: true,
    });
    expect(createErrorContext({ operation: 'o', component: 'c', category: 'memory' })).toMatchObject({
      severity: 'critical',
      retryable: false,
    });
    expect(createErrorContext({ operation: 'o', component: 'c', category: 'network', retryable: false })).toMatchObject(
      { retryable: false },
    );
  });

  it('takes every field given, and gives distinct ids', () => {
    const ctx = createErrorContext({
      operation: 'op',
      component: 'c',
      category: 'network',
      severity: 'low',
      retryable: false,
      retryCount: 2,
      maxRetries: 5,
      timestamp: T0,
      name: 'TypeError',
      message: 'fetch failed',
      metadata: { a: 1 },
    });
    expect(ctx).toMatchObject({
      category: 'network',
      severity: 'low',
      retryable: false,
      retryCount: 2,
      maxRetries: 5,
      name: 'TypeError',
      message: 'fetch failed',
      fingerprint: 'TypeError|op|fetch failed',
      metadata: { a: 1 },
    });
    expect(createErrorContext({ operation: 'op', component: 'c' }).id).not.toBe(
      createErrorContext({ operation: 'op', component: 'c' }).id,
    );
  });

  it('an explicit undefined does not wipe a default', () => {
    const ctx = createErrorContext({
      operation: 'op',
      component: 'c',
      retryCount: undefined,
      maxRetries: undefined,
      metadata: undefined,
    });
    expect([ctx.retryCount, ctx.maxRetries, ctx.metadata]).toEqual([0, 3, {}]);
  });
});
