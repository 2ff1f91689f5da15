import { isLineName, isSecretName, secretNameKind } from './secretName.ts';

/** What every secret becomes. */
export const REDACTED = '[REDACTED]';

/** An opening or closing quote: plain, escaped once or more (JSON inside a string inside JSON), URL-encoded. */
const QUOTE = `\\\\{0,7}["']|%22`;

/** Every secret name holds one of these (see secretName.ts); the scan looks for them, then reads the name around. */
const KEYWORD = 'key|sig|secret|pass|pw|token|auth|cookie|credential|hmac|jwt|otp|session|mnemonic|phrase';

const AUTH_SCHEME = '(?:bearer|basic|digest|token|bot|apikey|(?:aws4-)?hmac-sha256)\\s+';

/**
 * One pass over the text; the leftmost alternative wins, then the first one listed:
 * - a PEM private key block (to its end, or to the end of the text);
 * - the password of `scheme://user:password@host`;
 * - JWTs and `Bearer <token>` anywhere;
 * - a long token right after a key-like word (`api key AbC123…`);
 * - a keyword of a secret name: the name around it, and its value, are read in code (`nameAround`).
 */
const FINDER = new RegExp(
  [
    '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)',
    '(?<url>\\b[a-z][a-z0-9+.-]{0,31}://[^\\s:@/?#]*:)[^\\s@/?#]+(?=@)',
    '\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*',
    '(?<bearer>\\bbearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*',
    `(?<loose>(?<![A-Za-z0-9])(?:api[-_ ]?key|secret|signature|token|passphrase|password)\\s+)` +
      `(?=[A-Za-z+/_=-]*\\d)[A-Za-z0-9+/_=-]{20,}`,
    `(?<keyword>${KEYWORD})`,
  ].join('|'),
  'gi',
);

/**
 * What follows a name: its closing quote if it is quoted, and a separator: `:`, `=`, `=>` (a Map in
 * util.inspect), `,` (a raw header array) or a URL-encoded `%3D`/`%3A`.
 */
const NAME_END = new RegExp(`(?<close>${QUOTE})?(?<sep>\\s*(?:=>|[:=,]|%3[ADad])\\s*)`, 'y');

/**
 * A value after a secret's name, tried at one position: `[REDACTED]` already; an array (JSON, util.inspect,
 * `["Basic …"]`), to its `]` or the end of the text; a quoted string, to its quote or the end of the line;
 * a bare value (headers, query strings) with an auth scheme kept visible (`Bearer [REDACTED]`).
 */
const VALUE = new RegExp(
  [
    '(?<done>\\[REDACTED\\])',
    '(?<array>\\[(?:"(?:[^"\\\\\\r\\n]|\\\\.)*"?|\'(?:[^\'\\\\\\r\\n]|\\\\.)*\'?|\\\\.|[^\\]"\'\\\\])*(?<closed>\\])?)',
    `(?<q>${QUOTE})(?<qv>(?:(?!\\k<q>)(?:\\\\.|[^\\\\\\r\\n]))+)(?<qc>\\k<q>)?`,
    `(?<scheme>${AUTH_SCHEME})?[^\\s"'\\\\&,;<>#{})\\]]+`,
  ].join('|'),
  'iy',
);

/** A character of a URL-encoded value that is not itself encoded. */
const ENCODED_PLAIN = /[^\s"'\\&,;<>#)}\]%]/;
/** An encoded character other than `& " ' , ; < > ] }`, space, CR or LF: those end the value. */
const ENCODED_INNER = /%(?!20|22|26|27|2[Cc]|3[BbCcEe]|5[Dd]|7[Dd]|0[AaDd])[0-9A-Fa-f]{2}/;
/** A URL-encoded value (`apiKey%3D…`, `%22apiKey%22%3A%22…%22`): ends at an encoded `& " ' , ; < > ] }` or space. */
const ENCODED_VALUE = new RegExp(
  `(?<eq>%22)?(?:\\[REDACTED\\]|(?:${ENCODED_PLAIN.source}|${ENCODED_INNER.source})+)(?<ec>%22)?`,
  'y',
);

/** A quoted value or an array starts here. */
const QUOTED_NEXT = /\\{0,7}["'[]/y;

/** The unquoted value of an `Authorization:` or `Cookie:` header line holds spaces and `;`. */
const LINE_VALUE = /[^\r\n"'\\]*/y;

/** A quoted "value" this short may be a name (`["apiKey","secret"]`); a longer one is not. */
const MAX_NAME = 64;

/** Cheap first look: text without any of these cannot hold a secret FINDER would find. */
const MAYBE_SECRET = new RegExp(`${KEYWORD}|bearer|eyJ|:\\/\\/[^\\s/]*@`, 'i');

interface Found {
  url?: string;
  bearer?: string;
  loose?: string;
  keyword?: string;
}

interface Name {
  /** Where the name starts, with its opening quote. */
  start: number;
  open: string | undefined;
  name: string;
  close: string | undefined;
  sep: string;
  /** Where its value starts. */
  at: number;
}

interface Value {
  done?: string;
  array?: string;
  closed?: string;
  q?: string;
  qv?: string;
  qc?: string;
  scheme?: string;
}

interface Secret {
  /** Where the name's value starts and ends. */
  at: number;
  end: number;
  with: string;
}

/** Letters, digits, `_`, `.`, `-`: what one word of a name is made of (`X-BAPI-SIGN`, `db.password`). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function wordStart(text: string, from: number, floor: number): number {
  let i = from;
  while (i > floor && isNameChar(text.charCodeAt(i - 1))) i--;
  // `%26apiKey`: the hex digits of an escape belong to it, not to the name.
  if (text[i - 1] === '%' && i + 2 <= from && isHexDigit(text.charCodeAt(i)) && isHexDigit(text.charCodeAt(i + 1)))
    i += 2;
  return i;
}

function wordEnd(text: string, i: number): number {
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** The quote right before `start` (`"`, `\"`, `%22`), if any, not reaching back before `floor`. */
function openingQuote(text: string, start: number, floor: number): string | undefined {
  if (start - 3 >= floor && text.startsWith('%22', start - 3)) return '%22';
  const quote = text[start - 1];
  if (start - 1 < floor || (quote !== '"' && quote !== "'")) return undefined;
  let from = start - 1;
  while (from > floor && start - 1 - from < 7 && text[from - 1] === '\\') from--;
  return text.slice(from, start);
}

/** A short name with `:` and a bare value is a header only as a token of its own line or in header spelling. */
function looksLikeHeader(text: string, start: number, name: string): boolean {
  if (/[-_.]/.test(name.replace(/^-+/, '')) || name === name.toUpperCase()) return true;
  for (let i = start - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * The redacted value after a name, and where it ends; undefined when the name is not a secret's, or not
 * convincingly (`the key: order_id`), or nothing follows. Every check that can refuse is made before the
 * value is read, or on a short value only, so a refused name costs no more than its own length.
 */
function valueOf(text: string, n: Name): Secret | undefined {
  const kind = secretNameKind(n.name);
  if (kind === undefined) return undefined;
  const sep = n.sep.trim();
  const at = n.at;
  if (n.open === '%22' || n.close === '%22' || sep.startsWith('%')) {
    ENCODED_VALUE.lastIndex = at;
    const v = ENCODED_VALUE.exec(text);
    if (v === null) return undefined;
    const e = v.groups as { eq?: string; ec?: string };
    return { at, end: at + v[0].length, with: (e.eq ?? '') + REDACTED + (e.ec ?? '') };
  }
  QUOTED_NEXT.lastIndex = at;
  const quotedNext = QUOTED_NEXT.test(text);
  // `["X-MBX-APIKEY","abc…"]` is a raw header pair; `["apiKey","secret"]` a list of names.
  if (sep === ',' && (n.open === undefined || n.close === undefined || !quotedNext || text[at] === '['))
    return undefined;
  if (
    kind === 'weak' &&
    (n.name.includes(' ') ||
      !(sep === '=' || n.close !== undefined || quotedNext || looksLikeHeader(text, n.start, n.name)))
  ) {
    return undefined;
  }
  VALUE.lastIndex = at;
  const v = VALUE.exec(text);
  if (v === null) return undefined;
  const value = v.groups as Value;
  if (sep === ',' && (value.qv === undefined || (value.qv.length <= MAX_NAME && isSecretName(value.qv)))) {
    return undefined;
  }
  const end = at + v[0].length;
  if (value.done !== undefined) return { at, end, with: REDACTED };
  if (value.array !== undefined) {
    const quote = /\\{0,7}["']/.exec(value.array)?.[0] ?? '"';
    return { at, end, with: `[${quote}${REDACTED}${quote}${value.closed ?? ''}` };
  }
  if (value.q !== undefined) return { at, end, with: value.q + REDACTED + (value.qc ?? '') };
  if (sep !== '=' && isLineName(n.name)) {
    LINE_VALUE.lastIndex = at;
    return { at, end: at + LINE_VALUE.exec(text)![0].length, with: REDACTED };
  }
  return { at, end, with: (value.scheme ?? '') + REDACTED };
}

/** What may follow a name (NAME_END), by its first character: a quote, `%`, `\`, `:`, `=`, `,` or white space. */
const NAME_END_START = /["'%\\:=,\s]/;

function nameEndAt(text: string, end: number): RegExpExecArray | null {
  // Most words are followed by something else: skip the regex for them.
  if (!NAME_END_START.test(text.charAt(end))) return null;
  NAME_END.lastIndex = end;
  return NAME_END.exec(text);
}

/**
 * The secret named around a keyword found at `[from, to)`: the name is the keyword's word, with up to two
 * more words before and after it joined by single spaces (`api secret key`, `access key id`), followed by
 * a separator. Names starting earlier are tried first, then the longest; `floor` is where text still
 * unread starts.
 */
function nameAround(text: string, from: number, to: number, floor: number): Secret | undefined {
  const starts = [wordStart(text, from, floor)];
  const ends = [wordEnd(text, to)];
  for (let i = 0; i < 2; i++) {
    const s = starts[0]!;
    if (s - 2 < floor || text[s - 1] !== ' ' || !isNameChar(text.charCodeAt(s - 2))) break;
    starts.unshift(wordStart(text, s - 1, floor));
  }
  for (let i = 0; i < 2; i++) {
    const e = ends[ends.length - 1]!;
    if (text[e] !== ' ' || !isNameChar(text.charCodeAt(e + 1))) break;
    ends.push(wordEnd(text, e + 1));
  }
  const tails = ends.map(nameEndAt.bind(undefined, text));
  for (let i = 0; i < starts.length; i++) {
    for (let j = ends.length - 1; j >= 0; j--) {
      const tail = tails[j];
      // At most three words: the keyword's, `starts.length - 1 - i` before it and `j` after it.
      if (tail === null || tail === undefined || starts.length - i + j > 3) continue;
      const start = starts[i]!;
      const end = ends[j]!;
      const open = openingQuote(text, start, floor);
      const groups = tail.groups as { close?: string; sep: string };
      const secret = valueOf(text, {
        start: start - (open?.length ?? 0),
        open,
        name: text.slice(start, end),
        close: groups.close,
        sep: groups.sep,
        at: end + tail[0].length,
      });
      if (secret !== undefined) return secret;
    }
  }
  return undefined;
}

/** Replacement of a match that is not a keyword: whole, or after what names it. */
function replaceFound(g: Found): string {
  const kept = g.url ?? g.bearer ?? g.loose;
  return kept === undefined ? REDACTED : kept + REDACTED;
}

/**
 * Replaces API keys, signatures, passwords, passphrases, tokens (Bearer, JWT), Authorization and Cookie
 * headers, URL passwords and private keys in free text with `[REDACTED]`, keeping the name so the text
 * still says what was there. Names are read as `isSecretName` reads them, in JSON (also escaped inside a
 * string), util.inspect output (objects, Maps, arrays), raw header arrays, headers, query strings and
 * URL-encoded forms. Nonces, ids and amounts are not secrets and stay. Linear in the length of the text.
 */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = '';
  let copied = 0;
  // A word read around one keyword is not read again for the next keyword inside it (`secretkeykey…`).
  let readTo = 0;
  FINDER.lastIndex = 0;
  for (let m = FINDER.exec(text); m !== null; m = FINDER.exec(text)) {
    const g = m.groups as Found;
    const end = m.index + m[0].length;
    if (g.keyword === undefined) {
      out += text.slice(copied, m.index) + replaceFound(g);
      copied = end;
      continue;
    }
    if (m.index < readTo) continue;
    readTo = wordEnd(text, end);
    const secret = nameAround(text, m.index, end, copied);
    if (secret === undefined) continue;
    out += text.slice(copied, secret.at) + secret.with;
    copied = secret.end;
    FINDER.lastIndex = secret.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Text past the cut that is still read, so a credential straddling it is seen whole (a PEM RSA-4096 key is
 * ~3.3 KB).
 */
const CLIP_LOOKAHEAD = 4096;
const TRUNCATED = '…[truncated]';

/**
 * `text` redacted, then cut to `max` characters and marked `…[truncated]`. Redacting first matters: a cut
 * through `"apiKey":"…"` or `Bearer …` leaves a piece the redactor no longer recognises. The cut never splits
 * a `[REDACTED]`. Text that fits is only redacted.
 */
export function redactClipped(text: string, max: number): string {
  if (text.length <= max) return redactText(text);
  const redacted = redactText(text.length > max + CLIP_LOOKAHEAD ? text.slice(0, max + CLIP_LOOKAHEAD) : text);
  let cut = Math.min(max, redacted.length);
  const inside = redacted.indexOf(REDACTED, Math.max(0, cut - REDACTED.length + 1));
  if (inside !== -1 && inside < cut) cut = inside + REDACTED.length;
  return redacted.slice(0, cut) + TRUNCATED;
}
