/** What every secret becomes. */
export const REDACTED = '[REDACTED]';

/** Names whose value is a secret whatever separator follows (`API-Key:`, `"secret":`, `password=`). */
const STRONG_KEY = [
  'api[-_ ]?(?:key|secret|sign|token)',
  '(?:access|secret|private|client|signing|master|session|listen|consumer)[-_ ]?(?:key|secret|token)',
  '(?:access|refresh|auth|id|csrf|xsrf|bot|oauth)[-_ ]?tokens?',
  'access[-_ ]?sign',
  'tokens?',
  'secrets?',
  'pass(?:word|wd|phrase)s?',
  'signatures?',
  'authorization',
  '(?:set-)?cookies?',
  'credentials?',
  'privkey',
  'mnemonic',
  'seed[-_ ]?phrase',
].join('|');

/** Short names that are also ordinary words: secret only as `key=value` or a quoted `"key": value`. */
const WEAK_KEY = `(?:key|sign|sig|pass|pwd|otp|auth|session)(?=\\\\?["']\\s*:|\\s*=)`;

const AUTH_SCHEME = '(?:bearer|basic|digest|token|bot|apikey|(?:aws4-)?hmac-sha256)\\s+';

/**
 * One pass over the text; the leftmost alternative wins, and each alternative names its groups:
 * - a PEM private key block;
 * - the password of `scheme://user:password@host`;
 * - `Authorization:`/`Cookie:` header lines, whose values contain spaces and `;`;
 * - `<key><sep><value>` with a quoted value (JSON, JS-inspect, escaped JSON inside a message) or a bare one
 *   (headers, query strings), an auth scheme kept visible (`Bearer [REDACTED]`);
 * - a long token right after a key-like word (`api key AbC123…`);
 * - JWTs and `Bearer <token>` anywhere.
 * `[REDACTED]` is matched as a value of its own so redacting twice changes nothing.
 */
const SECRET = new RegExp(
  [
    '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)',
    '(?<url>\\b[a-z][a-z0-9+.-]*://[^\\s:@/?#]+:)[^\\s@/?#]+(?=@)',
    `(?<line>(?<![A-Za-z0-9])(?:proxy-)?(?:authorization|(?:set-)?cookie)\\s*:\\s*)(?<lv>[^\\r\\n"'\\\\]+)`,
    `(?<key>(?<![A-Za-z0-9])(?:${STRONG_KEY}|${WEAK_KEY})\\\\?["']?\\s*[:=]\\s*)` +
      `(?:(?<q>\\\\?["'])(?<qv>(?:(?!\\k<q>)(?:\\\\.|[^\\\\\\r\\n]))+)\\k<q>` +
      `|(?<scheme>${AUTH_SCHEME})?(?<v>\\[REDACTED\\]|[^\\s"'\\\\&,;<>#)}\\]]+))`,
    `(?<loose>(?<![A-Za-z0-9])(?:api[-_ ]?key|secret|signature|token|passphrase|password)\\s+)` +
      `(?=[A-Za-z+/_=-]*\\d)[A-Za-z0-9+/_=-]{20,}`,
    '\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*',
    '(?<bearer>\\bbearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*',
  ].join('|'),
  'gi',
);

/** Cheap first look: text without any of these cannot hold a secret SECRET would find. */
const MAYBE_SECRET = /key|sig|secret|pass|pwd|token|auth|cookie|credential|bearer|eyJ|otp|session|mnemonic|seed|:\/\/[^\s/]*@/i;

interface SecretGroups {
  url?: string;
  line?: string;
  key?: string;
  q?: string;
  qv?: string;
  scheme?: string;
  v?: string;
  loose?: string;
  bearer?: string;
}

function replaceSecret(match: string, ...args: unknown[]): string {
  const g = args[args.length - 1] as SecretGroups;
  if (g.url !== undefined) return g.url + REDACTED;
  if (g.line !== undefined) return g.line + REDACTED;
  if (g.key !== undefined) {
    if (g.q !== undefined) return `${g.key}${g.q}${REDACTED}${g.q}`;
    return g.key + (g.scheme ?? '') + REDACTED;
  }
  if (g.loose !== undefined) return g.loose + REDACTED;
  if (g.bearer !== undefined) return g.bearer + REDACTED;
  return match.length > 0 ? REDACTED : match;
}

/**
 * Replaces API keys, signatures, passwords, passphrases, tokens (Bearer, JWT), Authorization and Cookie
 * headers, URL passwords and private keys in free text with `[REDACTED]`, keeping the key so the text
 * still says what was there. Nonces, ids and amounts are not secrets and stay.
 */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text.replace(SECRET, replaceSecret);
}

/** Object keys whose values are secrets, whatever their case or separators (`apiKey`, `OK-ACCESS-SIGN`). */
const SECRET_NAME =
  /(?:api[-_ .]?(?:key|secret|sign)|access[-_ .]?(?:key|sign)|secrets?|passw(?:or)?d|passphrase|token|authorization|signature|private[-_ .]?key|privkey|cookie|credentials?|mnemonic|seed[-_ .]?phrase|session[-_ .]?id|listen[-_ .]?key)$|^(?:key|sign|sig|pass|pwd|otp|auth|session)$/i;

export function isSecretName(key: string): boolean {
  return SECRET_NAME.test(key);
}

const MAX_STRING = 2048;
const MAX_ENTRIES = 100;
const MAX_NODES = 1000;

interface Walk {
  nodes: number;
  readonly ancestors: Set<object>;
}

function text(value: string): string {
  return redactText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[truncated]` : value);
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function isErrorLike(value: object, tag: string): boolean {
  if (tag === 'Error' || tag === 'DOMException') return true;
  const v = value as { name?: unknown; message?: unknown; stack?: unknown };
  return typeof v.name === 'string' && typeof v.message === 'string' && typeof v.stack === 'string';
}

function copy(value: unknown, depth: number, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function${value.name ? `: ${value.name}` : ''}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (walk.ancestors.has(object)) return '[Circular]';
  if (++walk.nodes > MAX_NODES) return '[Truncated]';
  const tag = tagOf(object);
  if (isErrorLike(object, tag)) {
    const e = object as { name?: unknown; message?: unknown };
    return { name: typeof e.name === 'string' ? e.name : tag, message: text(String(e.message ?? '')) };
  }
  if (tag === 'Date') {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? 'Invalid Date' : (object as Date).toISOString();
  }
  if (tag === 'RegExp' || tag === 'URL' || tag === 'URLSearchParams') return text(String(object));
  if (ArrayBuffer.isView(object) || tag === 'ArrayBuffer') return `[${tag}]`;
  if (tag === 'Promise' || tag === 'WeakMap' || tag === 'WeakSet') return `[${tag}]`;
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Decimal, BigNumber and friends describe themselves; a toJSON returning itself is just an object.
    const json: unknown = toJSON.call(object);
    if (json !== object) return copy(json, depth, walk);
  }
  if (depth <= 0) return Array.isArray(object) ? `[Array(${object.length})]` : `[${tag}]`;

  walk.ancestors.add(object);
  try {
    if (Array.isArray(object)) return copyItems(object, object.length, depth, walk);
    if (tag === 'Set') return copyItems(object as Set<unknown>, (object as Set<unknown>).size, depth, walk);
    if (tag === 'Map' || tag === 'Headers' || tag === 'FormData') {
      return copyEntries((object as { entries(): Iterable<[unknown, unknown]> }).entries(), depth, walk);
    }
    return copyObject(object as Record<string, unknown>, depth, walk);
  } finally {
    walk.ancestors.delete(object);
  }
}

/** One hostile value (a throwing getter or toJSON, a revoked Proxy) spoils only its own entry. */
function safeCopy(value: unknown, depth: number, walk: Walk): unknown {
  try {
    return copy(value, depth, walk);
  } catch {
    return '[Unreadable]';
  }
}

function copyItems(items: Iterable<unknown>, total: number, depth: number, walk: Walk): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (out.length === MAX_ENTRIES) break;
    out.push(safeCopy(item, depth - 1, walk) ?? null);
  }
  if (total > out.length) out.push(`[… ${total - out.length} more]`);
  return out;
}

function copyEntry(out: Record<string, unknown>, key: string, item: unknown, depth: number, walk: Walk): void {
  const secret = isSecretName(key) && item !== null && item !== undefined && typeof item !== 'boolean';
  const copied = secret ? REDACTED : safeCopy(item, depth - 1, walk);
  if (copied !== undefined) out[key] = copied;
}

function copyEntries(entries: Iterable<[unknown, unknown]>, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (++count > MAX_ENTRIES) return omitted(out);
    copyEntry(out, String(key), item, depth, walk);
  }
  return out;
}

/** Own enumerable keys, read one by one so a throwing getter spoils only its own value. */
function copyObject(object: Record<string, unknown>, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(object);
  const n = Math.min(keys.length, MAX_ENTRIES);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    let item: unknown;
    try {
      item = object[key];
    } catch {
      item = '[Unreadable]';
    }
    copyEntry(out, key, item, depth, walk);
  }
  return keys.length > n ? omitted(out) : out;
}

function omitted(out: Record<string, unknown>): Record<string, unknown> {
  out['…'] = 'more entries omitted';
  return out;
}

/**
 * A deep copy of `value` as plain JSON-safe data with secrets removed: values under secret-looking keys
 * become `[REDACTED]`, every string goes through `redactText`, errors become `{ name, message }`,
 * functions and symbols are described, cycles become `[Circular]`. Bounded: `maxDepth` levels (default 6),
 * 100 entries per object or array, 1000 objects, 2048 characters per string. Never throws.
 */
export function redactValue(value: unknown, maxDepth = 6): unknown {
  try {
    return copy(value, maxDepth, { nodes: 0, ancestors: new Set() });
  } catch {
    return '[Unreadable]';
  }
}
