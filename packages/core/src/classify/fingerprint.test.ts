import { describe, expect, it } from 'vitest';
import type { ErrorFacts } from './ErrorFacts.ts';
import { fingerprintOf, normaliseMessage } from './fingerprint.ts';

function facts(message: string, extra: Partial<ErrorFacts> = {}): ErrorFacts {
  return { name: 'Error', names: ['Error'], message, causes: [], ...extra };
}

describe('normaliseMessage', () => {
  it.each<[string, string]>([
    ['Order 123 not found', 'Order <n> not found'],
    ['Order "O3K5QF-ZXJ4F-GXQ2AB" not found', 'Order <str> not found'],
    ["order 'abc123' cancelled", 'order <str> cancelled'],
    ['request 550e8400-e29b-41d4-a716-446655440000 failed', 'request <uuid> failed'],
    ['at 2024-05-01T12:00:00.123Z and 2024-05-01 12:00', 'at <time> and <time>'],
    ['retry at Wed, 01 May 2024 12:01:30 GMT or 10:11:12', 'retry at <time> or <time>'],
    ['connect ECONNREFUSED 127.0.0.1:9999', 'connect ECONNREFUSED <ip>'],
    ['tx 0xdeadBEEF01 hash a1b2c3d4e5f6', 'tx <hex> hash <hex>'],
    ['clientOrderId x-abc123def rejected', 'clientOrderId <id> rejected'],
    ['took 1000ms, limit 30s, body 5mb', 'took <n>ms, limit <n>s, body <n>mb'],
    ['price 42000.5   amount\n0.001', 'price <n> amount <n>'],
    [
      'binance {"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server time."}',
      'binance {"code":-<n>,"msg":"Timestamp for this request was <n>ms ahead of the server time."}',
    ],
    ['kraken {"error":["EOrder:Insufficient funds"]}', 'kraken {"error":["EOrder:Insufficient funds"]}'],
    ["unknown symbol 'BTC/USDT'", "unknown symbol 'BTC/USDT'"],
    ['ECONNRESET UND_ERR_SOCKET', 'ECONNRESET UND_ERR_SOCKET'],
    ['', ''],
  ])('%j -> %j', (message, expected) => {
    expect(normaliseMessage(message)).toBe(expected);
  });

  it('bounds its output', () => {
    expect(normaliseMessage('word '.repeat(1000)).length).toBe(512);
  });
});

describe('fingerprintOf', () => {
  it('is 16 hex digits, stable across calls and runtimes', () => {
    const fp = fingerprintOf(facts('Order 123 not found', { name: 'OrderNotFound' }), 'cancelOrder');
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fp).toBe(fingerprintOf(facts('Order 123 not found', { name: 'OrderNotFound' }), 'cancelOrder'));
    // Pinned, so a change of hash or normalisation (which would split every stored group) is noticed.
    expect(fingerprintOf(facts('Order 123 not found'), 'op')).toBe(fingerprintOf(facts('Order <n> not found'), 'op'));
    expect(fingerprintOf(facts('boom'), 'op')).toBe('ddba568df724eb5a');
  });

  it('groups occurrences that differ only in ids, numbers and times', () => {
    const a = fingerprintOf(facts('Order "O1AAAA-2" not found at 2024-05-01T12:00:00Z'), 'cancel');
    const b = fingerprintOf(facts('Order "O9ZZZZ-7" not found at 2024-06-02T08:30:00Z'), 'cancel');
    expect(a).toBe(b);
  });

  it('separates different class names, codes, messages and operations', () => {
    const base = fingerprintOf(facts('boom', { code: 'E1' }), 'op');
    expect(
      new Set([
        base,
        fingerprintOf(facts('boom', { code: 'E1', name: 'TypeError' }), 'op'),
        fingerprintOf(facts('boom', { code: 'E2' }), 'op'),
        fingerprintOf(facts('bang', { code: 'E1' }), 'op'),
        fingerprintOf(facts('boom', { code: 'E1' }), 'other'),
      ]).size,
    ).toBe(5);
  });

  it('uses the nearest cause’s code when the error has none (fetch failed by different reasons)', () => {
    const refused = facts('fetch failed', { name: 'TypeError', causes: [facts('x', { code: 'ECONNREFUSED' })] });
    const notFound = facts('fetch failed', { name: 'TypeError', causes: [facts('y', { code: 'ENOTFOUND' })] });
    const direct = facts('fetch failed', { name: 'TypeError', code: 'ECONNREFUSED' });
    expect(fingerprintOf(refused, 'op')).not.toBe(fingerprintOf(notFound, 'op'));
    expect(fingerprintOf(refused, 'op')).toBe(fingerprintOf(direct, 'op'));
  });
});
