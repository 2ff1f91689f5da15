/**
 * Whether a name (an object key, a header, a query or form field) holds a secret. Names are compared as
 * lower-case words, whatever their spelling: `apiSecretKey`, `api_secret_key`, `API-Secret.Key`,
 * `api secret key` and `X-MBX-APIKEY` are all read as words (`api secret key`, `x mbx apikey`). The last word
 * decides, so `tokenAddress`, `signatureMethod` and `KC-API-KEY-VERSION` stay visible.
 */

/** Words that make a following `key` or `secret` a credential: `apiKey`, `secret_key`, `clientKey`. */
const QUALIFIER =
  'api|app|secret|private|priv|client|access|signing|master|session|listen|consumer|' +
  'auth|hmac|encryption|shared|rest|license|pass';

/**
 * Secret whatever the surrounding text: a value after them is a credential even in prose (`api key: …`).
 * Matched against the words joined by `_`, at the end.
 */
const STRONG_FAMILIES = [
  `(?:^|_)(?:${QUALIFIER})_?keys?`,
  '(?:^|_)(?:access|api)_?key_?id',
  // Bitmart `X-BM-KEY`, CoinEx `X-COINEX-KEY`: an `X-…-Key` header carries the API key.
  '^x_(?:[a-z0-9]+_)*key',
  'secrets?',
  'token',
  '(?:^|_)(?:access|refresh|auth|id|bearer|session|api)_?tokens',
  'pass(?:word|wd|phrase|code)s?(?:_?hash)?',
  'signatures?',
  `(?:^|_)(?:${QUALIFIER})_?(?:sign|sig)`,
  '(?:^|_)(?:hmac|jwt|authent)',
  'authorization',
  'cookies?',
  'credentials?',
  '(?:^|_)(?:mnemonic|seed_?phrase|recovery_?phrase)',
  '(?:^|_)j?session_?id',
];
const STRONG = new RegExp(`(?:${STRONG_FAMILIES.join('|')})$`);

/**
 * Short words that are secrets as names (`sign=…`, `{ key: … }`, `X-BAPI-SIGN: …`) but ordinary words in
 * prose (`the key: order_id`, `failed to sign: timeout`): text redaction wants more evidence for them.
 */
const WEAK = /(?:^|_)(?:sign|sig|pass|pwd|pw|t?otp|o?auth)$|^(?:key|session)$/;

/** Cheap first look at the raw name, before splitting it into words. */
const MAYBE = /key|sig|secret|pass|pw|token|auth|cookie|credential|hmac|jwt|otp|session|mnemonic|phrase/i;

/** `apiSecretKey` → `api_secret_key`, `X-MBX-APIKEY` → `x_mbx_apikey`, `apiKey2` → `api_key`. */
export function wordsOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_*\d*_*$/g, '');
}

export type SecretNameKind = 'strong' | 'weak';

/** Names repeat (the same headers, the same JSON keys): answers for this many short names are kept. */
const MAX_KEPT = 512;
const MAX_KEPT_LENGTH = 64;
const kept = new Map<string, SecretNameKind | null>();

function kindOf(name: string): SecretNameKind | null {
  const words = wordsOf(name);
  if (STRONG.test(words)) return 'strong';
  return WEAK.test(words) ? 'weak' : null;
}

/** `'strong'`, `'weak'` (a short word: see WEAK) or undefined for a name that does not hold a secret. */
export function secretNameKind(name: string): SecretNameKind | undefined {
  if (!MAYBE.test(name)) return undefined;
  let kind = kept.get(name);
  if (kind === undefined) {
    kind = kindOf(name);
    if (name.length <= MAX_KEPT_LENGTH) {
      if (kept.size === MAX_KEPT) kept.clear();
      kept.set(name, kind);
    }
  }
  return kind ?? undefined;
}

/** Header names whose unquoted value runs to the end of the line (`Authorization: Basic …`, `Cookie: a=1; b=2`). */
const LINE = /(?:authorization|cookies?|(?:^|_)(?:authent|auth))$/;

export function isLineName(name: string): boolean {
  return LINE.test(wordsOf(name));
}

/** Whether values under this key are secrets (`apiKey`, `X-BAPI-SIGN`, `client_secret`, `hmac`, `jwt`, `key`). */
export function isSecretName(name: string): boolean {
  return secretNameKind(name) !== undefined;
}
