/**
 * `fresh` (newest first) in front of `kept` (newest first), at most `limit` in all. Callers collect `fresh`
 * walking a batch backwards and stop at `limit`, so a burst of 10,000 costs `limit` copies, not 10,000.
 */
export function prependBounded<T>(fresh: readonly T[], kept: readonly T[], limit: number): readonly T[] {
  if (fresh.length === 0 && kept.length <= limit) return kept;
  const out = fresh.length > limit ? fresh.slice(0, limit) : [...fresh];
  for (let i = 0; i < kept.length && out.length < limit; i++) out.push(kept[i]!);
  return out;
}
