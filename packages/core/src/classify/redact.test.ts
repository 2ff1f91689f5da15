import { describe, expect, it } from 'vitest';
import { Classifier } from './Classifier.ts';
import { isSecretName, redactText, redactValue } from './redact.ts';

// Shaped like Kraken's credentials: a 56-character base64 API key and a base64 HMAC-SHA512 signature.
const KRAKEN_KEY = 'Q0tN7nUe1+8P3kXbRmWz2LhVa9cYdFgJq4sTuB6iOoEwAyHxZ5jKl/Cp';
const KRAKEN_SIGN = '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redactText', () => {
  it('has a 56+ character Kraken key to test with', () => {
    expect(KRAKEN_KEY.length).toBe(56);
  });

  it.each<[string, string, string]>([
    ['Kraken headers', `API-Key: ${KRAKEN_KEY}\nAPI-Sign: ${KRAKEN_SIGN}`, 'API-Key: [REDACTED]\nAPI-Sign: [REDACTED]'],
    [
      'Kraken credentials in a URL',
      `POST https://api.kraken.com/0/private/AddOrder?API-Key=${KRAKEN_KEY}&API-Sign=${KRAKEN_SIGN}&nonce=1716`,
      'POST https://api.kraken.com/0/private/AddOrder?API-Key=[REDACTED]&API-Sign=[REDACTED]&nonce=1716',
    ],
    [
      'headers logged as JSON',
      `kraken POST {"API-Key":"${KRAKEN_KEY}","API-Sign":"${KRAKEN_SIGN}","Content-Type":"application/json"}`,
      'kraken POST {"API-Key":"[REDACTED]","API-Sign":"[REDACTED]","Content-Type":"application/json"}',
    ],
    [
      'headers logged by util.inspect',
      `{ 'API-Key': '${KRAKEN_KEY}', 'API-Sign': '${KRAKEN_SIGN}' }`,
      "{ 'API-Key': '[REDACTED]', 'API-Sign': '[REDACTED]' }",
    ],
    ['a Bearer Authorization header', `Authorization: Bearer ${JWT}\nAccept: */*`, 'Authorization: [REDACTED]\nAccept: */*'],
    ['a quoted Authorization', `{"authorization":"Bearer ${JWT}"}`, '{"authorization":"[REDACTED]"}'],
    ['Bearer in prose', `sent Bearer abcDEF123456789 to the API`, 'sent Bearer [REDACTED] to the API'],
    ['a bare JWT', `session ${JWT} expired`, 'session [REDACTED] expired'],
    [
      'a query string',
      'GET /api/v3/order?symbol=BTCUSDT&apiKey=vmPUZE6mv9SD5VNH&timestamp=1&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
      'GET /api/v3/order?symbol=BTCUSDT&apiKey=[REDACTED]&timestamp=1&signature=[REDACTED]',
    ],
    ['api_key, key, sig, token, secret', 'a?api_key=1&key=2&sig=3&token=4&secret=5&x=6', 'a?api_key=[REDACTED]&key=[REDACTED]&sig=[REDACTED]&token=[REDACTED]&secret=[REDACTED]&x=6'],
    ['password and passphrase', 'login password=hunter2 passphrase=open-sesame user=bob', 'login password=[REDACTED] passphrase=[REDACTED] user=bob'],
    ['a JSON secret with spaces', '{"secret":"my very secret value","id":7}', '{"secret":"[REDACTED]","id":7}'],
    ['a JSON secret with escaped quotes', '{"secret":"ab\\"cd","id":7}', '{"secret":"[REDACTED]","id":7}'],
    ['JSON escaped inside a message', 'okx {\\"passphrase\\":\\"p4ss\\",\\"instId\\":\\"BTC-USDT\\"}', 'okx {\\"passphrase\\":\\"[REDACTED]\\",\\"instId\\":\\"BTC-USDT\\"}'],
    ['exchange header families', 'OK-ACCESS-KEY: k1 OK-ACCESS-SIGN: s1 X-MBX-APIKEY: k2 KC-API-PASSPHRASE: p', 'OK-ACCESS-KEY: [REDACTED] OK-ACCESS-SIGN: [REDACTED] X-MBX-APIKEY: [REDACTED] KC-API-PASSPHRASE: [REDACTED]'],
    ['a URL password', 'wss://trader:s3cret@stream.example.com/ws', 'wss://trader:[REDACTED]@stream.example.com/ws'],
    ['a cookie', 'Cookie: session=abc; cf_clearance=xyz\nnext', 'Cookie: [REDACTED]\nnext'],
    ['a long secret after a key-like word', 'invalid api key Zx9vQm2LkP0aB7cD3eF4 supplied', 'invalid api key [REDACTED] supplied'],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----!', '[REDACTED]!'],
  ])('%s', (_, input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(expected)).toBe(expected); // idempotent
  });

  it.each([
    'kraken {"error":["EOrder:Insufficient funds"]}',
    'nonce=1716 must increase',
    'the key: order_id is missing',
    'cacheKey=12&monkey=3',
    'tokenizer failed at token 7',
    '    at Object.assign (file:///app/signals/design.js:1:2)',
    'Duplicate clientOrderId x-7f3a',
  ])('leaves %j alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('redacts secret-looking keys at any depth, and secrets inside strings', () => {
    const metadata = {
      exchange: 'kraken',
      request: {
        url: `https://api.kraken.com/0/private/Balance?API-Key=${KRAKEN_KEY}`,
        headers: { 'API-Key': KRAKEN_KEY, 'API-Sign': KRAKEN_SIGN, 'User-Agent': 'bot/1.0' },
        body: 'nonce=1716&otp=123456',
      },
      credentials: { apiKey: KRAKEN_KEY, secret: 'shh', privateKey: 'pk', password: 'pw', passphrase: 'pp' },
      Authorization: `Bearer ${JWT}`,
      cookie: 'a=b',
      accessToken: 'tok',
      hasPassword: true,
      maxTokens: 5,
    };
    expect(redactValue(metadata)).toEqual({
      exchange: 'kraken',
      request: {
        url: 'https://api.kraken.com/0/private/Balance?API-Key=[REDACTED]',
        headers: { 'API-Key': '[REDACTED]', 'API-Sign': '[REDACTED]', 'User-Agent': 'bot/1.0' },
        body: 'nonce=1716&otp=[REDACTED]',
      },
      credentials: '[REDACTED]',
      Authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      accessToken: '[REDACTED]',
      hasPassword: true,
      maxTokens: 5,
    });
    expect(JSON.stringify(redactValue(metadata))).not.toMatch(/Q0tN7|SflKx|shh/);
  });

  it('turns anything into plain JSON-safe data', () => {
    const error = Object.assign(new TypeError('bad apiKey=abc'), { code: 'X', secret: 'y' });
    const value = {
      error,
      date: new Date(0),
      invalidDate: new Date(Number.NaN),
      fn: function place() {},
      sym: Symbol('s'),
      big: 12n,
      nan: Number.NaN,
      undef: undefined,
      list: [undefined, 1, 'x'],
      set: new Set([1, 2]),
      map: new Map<unknown, unknown>([['token', 't'], [1, 'one']]),
      headers: new Headers({ 'X-MBX-APIKEY': 'k', accept: 'json' }),
      bytes: new Uint8Array(4),
      decimal: { toJSON: () => '0.1' },
    };
    expect(redactValue(value)).toEqual({
      error: { name: 'TypeError', message: 'bad apiKey=[REDACTED]' },
      date: '1970-01-01T00:00:00.000Z',
      invalidDate: 'Invalid Date',
      fn: '[Function: place]',
      sym: 'Symbol(s)',
      big: '12',
      nan: 'NaN',
      list: [null, 1, 'x'],
      set: [1, 2],
      map: { token: '[REDACTED]', '1': 'one' },
      headers: { accept: 'json', 'x-mbx-apikey': '[REDACTED]' },
      bytes: '[Uint8Array]',
      decimal: '0.1',
    });
    expect(redactValue(undefined)).toBeUndefined();
    expect(redactValue('Bearer abcdefghijk')).toBe('Bearer [REDACTED]');
  });

  it('bounds cycles, depth, breadth and string length', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ name: 'a', self: '[Circular]' });

    const shared = { x: 1 };
    expect(redactValue({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });

    expect(redactValue({ a: { b: { c: { d: 1 } } } }, 2)).toEqual({ a: { b: '[Object]' } });
    expect(redactValue([[[1]]], 1)).toEqual(['[Array(1)]']);

    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    const copied = redactValue(wide) as Record<string, unknown>;
    expect(Object.keys(copied).length).toBe(101);
    expect(copied['…']).toBe('more entries omitted');

    const long = Array.from({ length: 250 }, (_, i) => i);
    const items = redactValue(long) as unknown[];
    expect(items.length).toBe(101);
    expect(items[100]).toBe('[… 150 more]');

    expect((redactValue('x'.repeat(5000)) as string).length).toBe(2048 + '…[truncated]'.length);
  });

  it('never throws, even on hostile getters', () => {
    const hostile = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(redactValue(hostile)).toEqual({ ok: 1, bad: '[Unreadable]' });
    const badJson = { toJSON: () => { throw new Error('no'); } };
    expect(redactValue({ a: 1, amount: badJson, list: [badJson, 2] })).toEqual({ a: 1, amount: '[Unreadable]', list: ['[Unreadable]', 2] });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    expect(redactValue(proxy)).toBe('[Unreadable]');
  });
});

describe('isSecretName', () => {
  it.each(['apiKey', 'api_key', 'API-Key', 'x-mbx-apikey', 'OK-ACCESS-KEY', 'OK-ACCESS-SIGN', 'API-Sign', 'secret', 'clientSecret', 'password', 'passwd', 'passphrase', 'KC-API-PASSPHRASE', 'token', 'accessToken', 'refresh_token', 'authorization', 'Proxy-Authorization', 'signature', 'bfx-signature', 'privateKey', 'private_key', 'cookie', 'Set-Cookie', 'credentials', 'mnemonic', 'sessionId', 'listenKey', 'key', 'sig', 'sign', 'pwd', 'otp'])(
    '%s is secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['nonce', 'symbol', 'tokenAddress', 'maxTokens', 'design', 'assign', 'keys', 'orderId', 'exchange', 'signal'])(
    '%s is not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('secrets never leave through facts', () => {
  it('redacts message and stack of a classified error', () => {
    const classifier = new Classifier();
    const error = new Error(`kraken POST https://api.kraken.com/0/private/AddOrder API-Key: ${KRAKEN_KEY} API-Sign: ${KRAKEN_SIGN}`);
    const { facts } = classifier.classify(error);
    const all = JSON.stringify(facts);
    expect(all).not.toContain(KRAKEN_KEY);
    expect(all).not.toContain(KRAKEN_SIGN);
    expect(facts.message).toBe('kraken POST https://api.kraken.com/0/private/AddOrder API-Key: [REDACTED] API-Sign: [REDACTED]');
  });
});
