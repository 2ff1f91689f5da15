import { describe, expect, it } from 'vitest';
import { MAX_CAUSES, MAX_MESSAGE_LENGTH, readFacts } from './readFacts.ts';

const now = () => Date.UTC(2024, 0, 1);

describe('readFacts', () => {
  it('reads a plain Error', () => {
    const error = new Error('boom');
    const facts = readFacts(error, now);
    expect({ ...facts, stack: undefined }).toEqual({
      name: 'Error',
      names: ['Error'],
      message: 'boom',
      causes: [],
      stack: undefined,
    });
    expect(facts.stack?.startsWith('Error: boom\n')).toBe(true);
  });

  it('lists class names most specific first, from `name` and the prototype chain', () => {
    class AppError extends Error {}
    class OrderError extends AppError {
      override name = 'OrderError';
    }
    expect(readFacts(new OrderError('x'), now).names).toEqual(['OrderError', 'AppError', 'Error']);
    // A subclass that does not set `name` inherits 'Error'; its class still comes first.
    expect(readFacts(new AppError('x'), now)).toMatchObject({ name: 'Error', names: ['AppError', 'Error'] });
    expect(readFacts(new TypeError('x'), now).names).toEqual(['TypeError', 'Error']);
    // A `name` the chain does not know (DOMException-style, minified classes) goes first.
    expect(readFacts(Object.assign(new Error('x'), { name: 'AbortError' }), now).names).toEqual([
      'AbortError',
      'Error',
    ]);
    expect(readFacts({ name: 'ZodError', issues: [] }, now).names).toEqual(['ZodError']);
    expect(readFacts(Object.create(null), now).names).toEqual([]);
  });

  it('bounds the prototype walk', () => {
    let proto: object = Error.prototype;
    for (let i = 0; i < 40; i++) {
      const ctor = function () {};
      Object.defineProperty(ctor, 'name', { value: `Level${i}` });
      proto = Object.create(proto, { constructor: { value: ctor } });
    }
    // 16 constructors; the inherited `name` ('Error', 40 levels down) is not among them, so it leads.
    const names = readFacts(Object.create(proto), now).names;
    expect(names).toEqual(['Error', ...Array.from({ length: 16 }, (_, i) => `Level${39 - i}`)]);
  });

  it('reads code, status and Retry-After in their usual places', () => {
    expect(readFacts(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), now).code).toBe('ETIMEDOUT');
    expect(readFacts({ status: '503' }, now).status).toBe(503);
    expect(readFacts({ status: 'rejected' }, now).status).toBeUndefined();
    expect(readFacts({ status: 42 }, now).status).toBeUndefined();
    expect(readFacts({ statusCode: 502 }, now).status).toBe(502);
    expect(readFacts({ response: { status: 429 } }, now).status).toBe(429);
    expect(readFacts({ retryAfterMs: 250 }, now).retryAfterMs).toBe(250);
    expect(readFacts({ retryAfter: 2 }, now).retryAfterMs).toBe(2000);
    expect(readFacts({ headers: { 'Retry-After': ['7'] } }, now).retryAfterMs).toBe(7000);
    expect(readFacts({ response: { headers: new Headers({ 'retry-after': '1.5' }) } }, now).retryAfterMs).toBe(1500);
    expect(readFacts({ retryAfterMs: -1, headers: { 'retry-after': 'soon' } }, now).retryAfterMs).toBeUndefined();
  });

  it('reads the cause chain flat, nearest first, without stacks, bounded', () => {
    let error: Error = new Error('root', { cause: 'a string cause' });
    for (let i = 0; i < 10; i++) error = new Error(`level ${i}`, { cause: error });
    const facts = readFacts(error, now);
    expect(facts.causes.length).toBe(MAX_CAUSES);
    expect(facts.causes.map((c) => c.message)).toEqual(['level 8', 'level 7', 'level 6', 'level 5', 'level 4']);
    expect(facts.causes.every((c) => c.stack === undefined && c.causes.length === 0)).toBe(true);
    const short = readFacts(new Error('top', { cause: 'a string cause' }), now);
    expect(short.causes).toEqual([{ name: 'string', names: [], message: 'a string cause', causes: [] }]);
  });

  it('redacts message and stack', () => {
    const error = new Error('GET /private?apiKey=abc123&signature=f00d failed');
    const facts = readFacts(error, now);
    expect(facts.message).toBe('GET /private?apiKey=[REDACTED]&signature=[REDACTED] failed');
    expect(facts.stack).toContain('apiKey=[REDACTED]&signature=[REDACTED]');
    expect(facts.stack).not.toContain('abc123');
    const cause = readFacts(new Error('x', { cause: new Error('password=hunter2') }), now).causes[0];
    expect(cause?.message).toBe('password=[REDACTED]');
  });

  it('cuts long messages', () => {
    const facts = readFacts(new Error('x'.repeat(MAX_MESSAGE_LENGTH + 10)), now);
    expect(facts.message.length).toBe(MAX_MESSAGE_LENGTH + '…[truncated]'.length);
    expect(facts.message.endsWith('x…[truncated]')).toBe(true);
  });

  it('describes primitives by typeof and String()', () => {
    expect([undefined, null, 7, true, 10n, 'text'].map((v) => readFacts(v, now))).toEqual([
      { name: 'undefined', names: [], message: 'undefined', causes: [] },
      { name: 'null', names: [], message: 'null', causes: [] },
      { name: 'number', names: [], message: '7', causes: [] },
      { name: 'boolean', names: [], message: 'true', causes: [] },
      { name: 'bigint', names: [], message: '10', causes: [] },
      { name: 'string', names: [], message: 'text', causes: [] },
    ]);
  });
});
