/** Longer keys are not compared: a suggestion is for typos, and the distance costs length × length. */
const MAX_KEY_LENGTH = 64;

/** Case, `_` and `-` do not count: `failure_threshold` is close to `failureThreshold`. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, giving up past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The known key `key` was probably meant to be (`maxRetires` → `maxRetries`), if one is close enough. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > MAX_KEY_LENGTH) return undefined;
  const wanted = normalise(key);
  // About one typo per four characters, at least one.
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = distance(wanted, normalise(candidate), limit);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
