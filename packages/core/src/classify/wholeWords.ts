/**
 * Whole-word matching for messages. A word boundary here is anything but an ASCII letter or digit, so
 * `_`, `-`, `:` and quotes separate words (`RATE_LIMIT`, `EAPI:Rate limit`) while "rapid" never contains
 * "api" and "metadata" never contains "data". ASCII classes keep the regexes fast; no keyword is non-ASCII.
 */
const BEFORE = '(?<![A-Za-z0-9])';
const AFTER = '(?![A-Za-z0-9])';

/** A case-insensitive RegExp matching any of the alternatives (regex source fragments) as whole words. */
export function wholeWords(alternatives: readonly string[]): RegExp {
  return new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, 'i');
}

/** Regex source for a literal phrase: special characters escaped, spaces matching any run of separators. */
export function phraseSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[\\s_-]+');
}

/** A case-insensitive whole-word RegExp for a literal phrase ("rate limit" also finds "RATE_LIMIT"). */
export function wholePhrase(phrase: string): RegExp {
  return wholeWords([phraseSource(phrase)]);
}
