import type { ErrorFacts } from './ErrorFacts.ts';

/** A date with an optional time (ISO 8601), an HTTP date (`Tue, 02 Jan 2024 03:04:05 GMT`) or a time of day. */
const TIME = new RegExp(
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/.source,
    /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/.source,
    /\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?/.source,
  ].join('|'),
  'g',
);

/** A quantity with a unit (`1000ms`, `30s`, `5mb`): no id, it keeps its unit. */
const QUANTITY = /\d+(?:ms|s|m|h|d|b|kb|mb|gb|x)(?![A-Za-z0-9_-])/;
/** A token of 6+ letters, digits, `_` or `-` holding both a letter and a digit. */
const LETTER_DIGIT_ID = new RegExp(
  [
    /(?<![A-Za-z0-9_-])/.source,
    `(?!${QUANTITY.source})`,
    /(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{6,}/.source,
  ].join(''),
  'gi',
);

/**
 * The parts of a message that change between occurrences of the same failure, replaced in this order (a
 * uuid is not read as hex, a date not as numbers). A quoted value goes when it is one token holding a digit
 * or 16+ characters (an id, a hash); quoted prose stays, so `{"msg":"Account has insufficient balance"}`
 * keeps its meaning while `order "O3K5QF-ZXJ4F"` loses its id. Separate simple regexes with string
 * replacements run several times faster than one alternation with a callback.
 */
const VOLATILE: readonly [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [TIME, '<time>'],
  [/(?<![A-Za-z0-9])(["'`])(?=[^\s"'`]*\d|[^\s"'`]{16})[^\s"'`]+\1(?![A-Za-z0-9])/g, '<str>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b0x[0-9a-f]+\b|(?<![\w-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![\w-])/gi, '<hex>'],
  // Letter-digit ids, but not a quantity with a unit (`1000ms`, `30s`, `5mb`): those keep their unit.
  [LETTER_DIGIT_ID, '<id>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/** Every volatile part holds a digit, except a long quoted token. */
const MAYBE_VOLATILE = /[\d"'`]/;

/** Runs of whitespace and any whitespace that is not a plain space; single spaces are left alone. */
const EXTRA_SPACE = /\s{2,}|[^\S ]/g;

/** Normalised messages longer than this are cut: the start of a message says what failed. */
const MAX_NORMALISED = 512;

/**
 * The message with what varies between occurrences replaced by placeholders — uuids `<uuid>`, dates and
 * times `<time>`, quoted ids `<str>`, IPs `<ip>`, hex `<hex>`, mixed letter-digit ids `<id>`, numbers `<n>`
 * — and whitespace collapsed. `Order 123 not found` and `Order 456 not found` become one.
 */
export function normaliseMessage(message: string): string {
  const text = message.length > MAX_NORMALISED * 2 ? message.slice(0, MAX_NORMALISED * 2) : message;
  let normalised = text;
  if (MAYBE_VOLATILE.test(text)) {
    for (const [pattern, placeholder] of VOLATILE) normalised = normalised.replace(pattern, placeholder);
  }
  normalised = normalised.replace(EXTRA_SPACE, ' ').trim();
  return normalised.length > MAX_NORMALISED ? normalised.slice(0, MAX_NORMALISED) : normalised;
}

/** 64 bits of a cyrb53-style hash (two multiplicative lanes, cross-mixed), as 16 hex digits. */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * Groups occurrences of the same failure: 16 hex digits from the class name, the code (the nearest
 * cause's when the error has none, so `fetch failed` by ECONNREFUSED and by ENOTFOUND stay apart), the
 * normalised message and the operation. The same inputs give the same fingerprint in every runtime.
 */
export function fingerprintOf(facts: ErrorFacts, operation: string): string {
  let code = facts.code;
  for (let i = 0; code === undefined && i < facts.causes.length; i++) code = facts.causes[i]!.code;
  return hash64(`${facts.name}\u0000${code ?? ''}\u0000${normaliseMessage(facts.message)}\u0000${operation}`);
}
