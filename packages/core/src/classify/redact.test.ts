import { describe, expect, it } from 'vitest';
import { Classifier } from './Classifier.ts';
import { readFacts } from './readFacts.ts';
import { redactText, redactValue } from './redact.ts';

// Shaped like Kraken's credentials: a 56-character base64 API key and a base64 HMAC-SHA512 signature.
const KRAKEN_KEY = 'Q0tN7nUe1+8P3kXbRmWz2LhVa9cYdFgJq4sTuB6iOoEwAyHxZ5jKl/Cp';
const KRAKEN_SIGN = '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

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
    [
      'a Bearer Authorization header',
      `Authorization: Bearer ${JWT}\nAccept: */*`,
      'Authorization: [REDACTED]\nAccept: */*',
    ],
    ['a quoted Authorization', `{"authorization":"Bearer ${JWT}"}`, '{"authorization":"[REDACTED]"}'],
    ['Bearer in prose', `sent Bearer abcDEF123456789 to the API`, 'sent Bearer [REDACTED] to the API'],
    ['a bare JWT', `session ${JWT} expired`, 'session [REDACTED] expired'],
    [
      'a query string',
      'GET /api/v3/order?symbol=BTCUSDT&apiKey=vmPUZE6mv9SD5VNH&timestamp=1' +
        '&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
      'GET /api/v3/order?symbol=BTCUSDT&apiKey=[REDACTED]&timestamp=1&signature=[REDACTED]',
    ],
    [
      'api_key, key, sig, token, secret',
      'a?api_key=1&key=2&sig=3&token=4&secret=5&x=6',
      'a?api_key=[REDACTED]&key=[REDACTED]&sig=[REDACTED]&token=[REDACTED]&secret=[REDACTED]&x=6',
    ],
    [
      'password and passphrase',
      'login password=hunter2 passphrase=open-sesame user=bob',
      'login password=[REDACTED] passphrase=[REDACTED] user=bob',
    ],
    ['a JSON secret with spaces', '{"secret":"my very secret value","id":7}', '{"secret":"[REDACTED]","id":7}'],
    ['a JSON secret with escaped quotes', '{"secret":"ab\\"cd","id":7}', '{"secret":"[REDACTED]","id":7}'],
    [
      'JSON escaped inside a message',
      'okx {\\"passphrase\\":\\"p4ss\\",\\"instId\\":\\"BTC-USDT\\"}',
      'okx {\\"passphrase\\":\\"[REDACTED]\\",\\"instId\\":\\"BTC-USDT\\"}',
    ],
    [
      'exchange header families',
      'OK-ACCESS-KEY: k1 OK-ACCESS-SIGN: s1 X-MBX-APIKEY: k2 KC-API-PASSPHRASE: p',
      'OK-ACCESS-KEY: [REDACTED] OK-ACCESS-SIGN: [REDACTED] X-MBX-APIKEY: [REDACTED] KC-API-PASSPHRASE: [REDACTED]',
    ],
    ['a URL password', 'wss://trader:s3cret@stream.example.com/ws', 'wss://trader:[REDACTED]@stream.example.com/ws'],
    ['a cookie', 'Cookie: session=abc; cf_clearance=xyz\nnext', 'Cookie: [REDACTED]\nnext'],
    [
      'a long secret after a key-like word',
      'invalid api key Zx9vQm2LkP0aB7cD3eF4 supplied',
      'invalid api key [REDACTED] supplied',
    ],
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

describe('redactText: names in any spelling (#9)', () => {
  it.each<[string, string, string]>([
    ['secretKey', 'secretKey=s3cr3t&x=1', 'secretKey=[REDACTED]&x=1'],
    ['secret_key', 'secret_key=s3cr3t', 'secret_key=[REDACTED]'],
    ['api_secret_key', 'api_secret_key=s3cr3t', 'api_secret_key=[REDACTED]'],
    ['clientKey', '{"clientKey":"ck-123"}', '{"clientKey":"[REDACTED]"}'],
    ['hmac', 'hmac=9f86d081884c7d65', 'hmac=[REDACTED]'],
    ['jwt', "{ jwt: 'abc.def.ghi' }", "{ jwt: '[REDACTED]' }"],
    ['dots and kebab-case', 'API-Secret.Key: s3cr3t', 'API-Secret.Key: [REDACTED]'],
    ['spaces in a quoted name', '{"API Secret Key": "s3cr3t"}', '{"API Secret Key": "[REDACTED]"}'],
    ['spaces in prose', 'bad api secret key: s3cr3t', 'bad api secret key: [REDACTED]'],
    [
      'util.inspect with bare names',
      "{ apiKey: 'k1', key: 'k2', sign: 's1', nonce: 7 }",
      "{ apiKey: '[REDACTED]', key: '[REDACTED]', sign: '[REDACTED]', nonce: 7 }",
    ],
    ['a command-line flag', 'run --api-key=k1 --verbose', 'run --api-key=[REDACTED] --verbose'],
    [
      'a nested credentials object',
      '{"credentials":{"apiKey":"k1","secret":"s1"},"id":1}',
      '{"credentials":{"apiKey":"[REDACTED]","secret":"[REDACTED]"},"id":1}',
    ],
    ['an unterminated quoted value', '{"apiKey":"k1234567', '{"apiKey":"[REDACTED]'],
    ['a URL password without a user', 'redis://:hunter2@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
  ])('%s', (_, input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });
});

describe('redactText: the shapes headers and bodies are logged in (#9)', () => {
  it.each<[string, string, string]>([
    ['a JSON array value', '{"apiKey":["abc123","def456"],"id":1}', '{"apiKey":["[REDACTED]"],"id":1}'],
    ['an Authorization array', '{"Authorization":["Basic dXNlcjpwYXNz"]}', '{"Authorization":["[REDACTED]"]}'],
    [
      'set-cookie in util.inspect',
      "{ 'set-cookie': [ 'sid=abc; Path=/', 'csrf=xyz' ], etag: 'W/1' }",
      "{ 'set-cookie': ['[REDACTED]'], etag: 'W/1' }",
    ],
    [
      'Node rawHeaders as JSON',
      '["X-MBX-APIKEY","vmPUZE6mv9SD5VNH","Accept","application/json"]',
      '["X-MBX-APIKEY","[REDACTED]","Accept","application/json"]',
    ],
    [
      'Node rawHeaders by util.inspect',
      "[ 'API-Key', 'k1', 'API-Sign', 's1', 'Host', 'api.kraken.com' ]",
      "[ 'API-Key', '[REDACTED]', 'API-Sign', '[REDACTED]', 'Host', 'api.kraken.com' ]",
    ],
    [
      'a Map by util.inspect',
      "Map(2) { 'apiKey' => 'k1', 'symbol' => 'BTCUSDT' }",
      "Map(2) { 'apiKey' => '[REDACTED]', 'symbol' => 'BTCUSDT' }",
    ],
    [
      'JSON escaped twice',
      'body: "{\\\\\\"apiKey\\\\\\":\\\\\\"k1\\\\\\",\\\\\\"qty\\\\\\":1}"',
      'body: "{\\\\\\"apiKey\\\\\\":\\\\\\"[REDACTED]\\\\\\",\\\\\\"qty\\\\\\":1}"',
    ],
    [
      'URL-encoded =',
      'q=symbol%3DBTC%26apiKey%3Dab%2Bcd%2F%3D%3D%26x%3D1',
      'q=symbol%3DBTC%26apiKey%3D[REDACTED]%26x%3D1',
    ],
    [
      'URL-encoded JSON',
      'data=%7B%22apiKey%22%3A%22k1%22%2C%22qty%22%3A1%7D',
      'data=%7B%22apiKey%22%3A%22[REDACTED]%22%2C%22qty%22%3A1%7D',
    ],
    [
      'Bybit headers',
      'X-BAPI-API-KEY: k1\r\nX-BAPI-SIGN: s1\r\nX-BAPI-SIGN-TYPE: 2\r\nX-BAPI-TIMESTAMP: 1716',
      'X-BAPI-API-KEY: [REDACTED]\r\nX-BAPI-SIGN: [REDACTED]\r\nX-BAPI-SIGN-TYPE: 2\r\nX-BAPI-TIMESTAMP: 1716',
    ],
    [
      'bare KEY and SIGN headers (Gate)',
      'POST /api/v4/spot/orders\nKEY: k1\nSIGN: s1\nTimestamp: 1716',
      'POST /api/v4/spot/orders\nKEY: [REDACTED]\nSIGN: [REDACTED]\nTimestamp: 1716',
    ],
    [
      'Bitstamp X-Auth with its scheme word',
      'X-Auth: BITSTAMP k1\nX-Auth-Nonce: n1',
      'X-Auth: [REDACTED]\nX-Auth-Nonce: n1',
    ],
  ])('%s', (_, input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });

  it.each([
    'keyboard: us-intl',
    'tokens_used=1200 maxTokens=4096',
    'orderId=5&symbol=BTCUSDT&price=1.5&monkey=3',
    'cache-key=12 sort_key=3 publicKey=04ab',
    'failed to sign: network down',
    'Invalid key: order_id',
    'signatureMethod=HmacSHA256&SignatureVersion=2&signTimestamp=1716',
    'missing fields: ["apiKey","secret"]',
    'author: bob, authType: hmac',
  ])('leaves %j alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

/**
 * Exchanges' authentication header names (the names ccxt's `sign()` implementations send, and the
 * exchanges' API docs): each secret one is redacted in every shape it is logged in; its public companions
 * (timestamps, nonces, versions) stay.
 */
const EXCHANGE_HEADERS: readonly [exchange: string, secret: readonly string[], visible: readonly string[]][] = [
  ['Binance', ['X-MBX-APIKEY', 'signature'], ['recvWindow', 'timestamp']],
  ['Bybit', ['X-BAPI-API-KEY', 'X-BAPI-SIGN'], ['X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'X-BAPI-SIGN-TYPE']],
  ['OKX', ['OK-ACCESS-KEY', 'OK-ACCESS-SIGN', 'OK-ACCESS-PASSPHRASE'], ['OK-ACCESS-TIMESTAMP', 'x-simulated-trading']],
  ['Kraken', ['API-Key', 'API-Sign'], ['nonce']],
  ['Kraken Futures', ['APIKey', 'Authent'], ['Nonce']],
  ['Coinbase Exchange', ['CB-ACCESS-KEY', 'CB-ACCESS-SIGN', 'CB-ACCESS-PASSPHRASE'], ['CB-ACCESS-TIMESTAMP']],
  ['Coinbase Advanced, Upbit, HitBTC, Deribit, Bitso', ['Authorization'], []],
  [
    'KuCoin',
    ['KC-API-KEY', 'KC-API-SIGN', 'KC-API-PASSPHRASE', 'KC-API-PARTNER-SIGN'],
    ['KC-API-TIMESTAMP', 'KC-API-KEY-VERSION', 'KC-API-PARTNER'],
  ],
  ['Bitfinex', ['bfx-apikey', 'bfx-signature'], ['bfx-nonce']],
  ['Gate', ['KEY', 'SIGN'], ['Timestamp']],
  ['Bitget', ['ACCESS-KEY', 'ACCESS-SIGN', 'ACCESS-PASSPHRASE'], ['ACCESS-TIMESTAMP', 'locale']],
  ['MEXC', ['X-MEXC-APIKEY', 'ApiKey', 'Signature'], ['Request-Time', 'Recv-Window']],
  ['Huobi/HTX', ['AccessKeyId', 'Signature'], ['SignatureMethod', 'SignatureVersion', 'Timestamp']],
  ['Bitstamp', ['X-Auth', 'X-Auth-Signature'], ['X-Auth-Nonce', 'X-Auth-Timestamp', 'X-Auth-Version']],
  ['Gemini', ['X-GEMINI-APIKEY', 'X-GEMINI-SIGNATURE'], ['X-GEMINI-PAYLOAD']],
  ['BitMEX', ['api-key', 'api-signature'], ['api-expires']],
  ['Poloniex', ['key', 'signature'], ['signTimestamp', 'signatureMethod', 'signatureVersion']],
  ['Bittrex', ['Api-Key', 'Api-Signature'], ['Api-Timestamp', 'Api-Content-Hash']],
  ['Crypto.com', ['api_key', 'sig'], ['nonce']],
  ['Phemex', ['x-phemex-access-token', 'x-phemex-request-signature'], ['x-phemex-request-expiry']],
  ['BitMart', ['X-BM-KEY', 'X-BM-SIGN'], ['X-BM-TIMESTAMP']],
  ['Bithumb', ['Api-Key', 'Api-Sign'], ['Api-Nonce']],
  ['WOO X', ['x-api-key', 'x-api-signature'], ['x-api-timestamp']],
  ['CoinEx', ['X-COINEX-KEY', 'X-COINEX-SIGN'], ['X-COINEX-TIMESTAMP']],
  ['BingX', ['X-BX-APIKEY', 'signature'], ['timestamp']],
  ['Bitrue and others', ['X-CH-APIKEY', 'X-CH-SIGN'], ['X-CH-TS']],
  ['WhiteBIT', ['X-TXC-APIKEY', 'X-TXC-SIGNATURE'], ['X-TXC-PAYLOAD']],
  ['AscendEX', ['x-auth-key', 'x-auth-signature'], ['x-auth-timestamp']],
  ['CoinDCX', ['X-AUTH-APIKEY', 'X-AUTH-SIGNATURE'], []],
  [
    'Bitvavo',
    ['Bitvavo-Access-Key', 'Bitvavo-Access-Signature'],
    ['Bitvavo-Access-Timestamp', 'Bitvavo-Access-Window'],
  ],
  ['BTC Markets', ['BM-AUTH-APIKEY', 'BM-AUTH-SIGNATURE'], ['BM-AUTH-TIMESTAMP']],
  ['bitFlyer', ['ACCESS-KEY', 'ACCESS-SIGN'], ['ACCESS-TIMESTAMP']],
  ['Coincheck', ['ACCESS-KEY', 'ACCESS-SIGNATURE'], ['ACCESS-NONCE']],
  ['bl3p, Bit2C (MtGox style)', ['Rest-Key', 'Rest-Sign'], []],
  ['Delta', ['api-key', 'signature'], ['timestamp']],
  [
    'generic',
    ['X-API-KEY', 'X-Auth-Token', 'X-Access-Token', 'Proxy-Authorization', 'Cookie'],
    ['X-Request-Id', 'User-Agent'],
  ],
];

describe('exchange authentication headers', () => {
  const SECRET = 'Zq7Zq7Zq7Zq7Zq7Zq7';
  const secret = EXCHANGE_HEADERS.flatMap(([exchange, names]) => names.map((name) => [exchange, name] as const));
  const visible = EXCHANGE_HEADERS.flatMap(([exchange, , names]) => names.map((name) => [exchange, name] as const));

  it.each(secret)('%s: %s is redacted in every shape', (_, name) => {
    const shapes = [
      `${name}: ${SECRET}\r\nAccept: */*`,
      `{"${name}":"${SECRET}","Accept":"*/*"}`,
      `{ '${name}': '${SECRET}', Accept: '*/*' }`,
      `["${name}","${SECRET}","Accept","*/*"]`,
      `?${name}=${SECRET}&x=1`,
      `{\\"${name}\\":\\"${SECRET}\\"}`,
    ];
    for (const shape of shapes) expect(redactText(shape), shape).not.toContain('Zq7');
    expect(redactValue({ headers: { [name]: SECRET } })).toEqual({ headers: { [name]: '[REDACTED]' } });
  });

  it.each(visible)('%s: %s stays', (_, name) => {
    const text = `${name}: 1716000000000\r\n{"${name}":"1716000000000"}`;
    expect(redactText(text)).toBe(text);
    expect(redactValue({ [name]: '1716000000000' })).toEqual({ [name]: '1716000000000' });
  });
});

describe('clipping comes after redaction (#9)', () => {
  // Every secret here is made of Z: no Z may survive, whatever the filler length puts at the cut.
  const Z = 'Z'.repeat(40);
  const shapes = [
    `apiKey=${Z}`,
    `{"apiKey":"${Z}"}`,
    `{ secret: '${Z}' }`,
    `{"apiKey":["${Z}"]}`,
    `Authorization: Bearer ${Z}`,
    `sent Bearer ${Z}`,
    `eyJ${Z}.eyJ${Z}.${Z}`,
    `wss://bot:${Z}@stream.example.com`,
    `apiKey%22%3A%22${Z}%22`,
  ];
  const cases = shapes.flatMap((shape) => Array.from({ length: 40 }, (_, i) => [shape, 4060 + i] as const));

  it.each(cases)('%s after %d characters of filler', (shape, filler) => {
    const message = `${'x'.repeat(filler)} ${shape}`;
    const facts = readFacts(new Error(message));
    expect(facts.message).not.toMatch(/Z|eyJ/);
    expect(facts.message.endsWith('…[truncated]')).toBe(true);
    expect(facts.stack).not.toMatch(/Z|eyJ/);
  });

  it('cuts a message of 4090 characters and a straddling apiKey after its [REDACTED], not through it', () => {
    const message = `${'x'.repeat(4085)} apiKey=${'SECRET'.repeat(10)} tail`;
    expect(readFacts(new Error(message)).message).toBe(`${'x'.repeat(4085)} apiKey=[REDACTED]…[truncated]`);
  });

  it('redacts before cutting strings in metadata too', () => {
    const value = redactValue({ body: `${'x'.repeat(2030)}{"secret":"${Z}"}` }) as { body: string };
    expect(value.body).toBe(`${'x'.repeat(2030)}{"secret":"[REDACTED]…[truncated]`);
  });

  it('redacts a secret that straddles a cut of a stack, too', () => {
    const error = new Error('boom');
    error.stack =
      `Error: boom\n${'    at f (file:///app/x.js:1:1)\n'.repeat(600)}`.slice(0, 16370) + ` sent Bearer ${Z}`;
    expect(readFacts(error).stack).not.toMatch(/Z/);
  });
});

describe('redaction stays linear', () => {
  const KB100 = 100 * 1024;
  const fill = (unit: string): string => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);

  it.each([
    ['apiKey=', fill('apiKey=')],
    ['"apiKey":"', fill('"apiKey":"')],
    ['["apiKey",', fill('["apiKey",')],
    ['key: ', fill('key: ')],
    ['a ', fill('a ')],
    ['x-', fill('x-')],
    ['\\\\\\"', fill('\\\\\\"')],
    ['%22apiKey%22%3A', fill('%22apiKey%22%3A')],
    ['secret  ', fill('secret  ')],
    ['Bearer ', fill('Bearer ')],
    ['eyJabcd.', fill('eyJabcd.')],
    ['a://b:', fill('a://b:')],
    ['-----BEGIN A ', fill('-----BEGIN A ')],
    ['{"apiKey":[', `{"apiKey":[${fill('"a",')}`],
  ])('finishes on 100 KB of %j', (_, text) => {
    const redacted = redactText(text);
    expect(typeof redacted).toBe('string');
    expect(redactText(redacted)).toBe(redacted);
  });

  it('on 100 KB of adversarial input gives the exact answer', () => {
    // The first value runs over every `=` that follows; a lower-case `key:` is a header only at a line start.
    expect(redactText(fill('apiKey='))).toBe('apiKey=[REDACTED]');
    expect(redactText(fill('key: '))).toBe(`key: [REDACTED]${fill('key: ').slice(9)}`);
    expect(redactText(fill('["apiKey",'))).toBe(fill('["apiKey",'));
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
      map: new Map<unknown, unknown>([
        ['token', 't'],
        [1, 'one'],
      ]),
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
    const badJson = {
      toJSON: () => {
        throw new Error('no');
      },
    };
    expect(redactValue({ a: 1, amount: badJson, list: [badJson, 2] })).toEqual({
      a: 1,
      amount: '[Unreadable]',
      list: ['[Unreadable]', 2],
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(redactValue(proxy)).toBe('[Unreadable]');
  });
});

describe('secrets never leave through facts', () => {
  it('redacts message and stack of a classified error', () => {
    const classifier = new Classifier();
    const error = new Error(
      `kraken POST https://api.kraken.com/0/private/AddOrder API-Key: ${KRAKEN_KEY} API-Sign: ${KRAKEN_SIGN}`,
    );
    const { facts } = classifier.classify(error);
    const all = JSON.stringify(facts);
    expect(all).not.toContain(KRAKEN_KEY);
    expect(all).not.toContain(KRAKEN_SIGN);
    expect(facts.message).toBe(
      'kraken POST https://api.kraken.com/0/private/AddOrder API-Key: [REDACTED] API-Sign: [REDACTED]',
    );
  });
});
