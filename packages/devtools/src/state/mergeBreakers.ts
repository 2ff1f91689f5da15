import type { DevtoolsBreaker } from '@breakwater/core';
import { equalPlain } from './equalPlain.ts';

/**
 * Equal for display. `retryAfterMs` is left out: it shrinks with every message while the breaker stays the
 * same (the countdown is computed from `openedAt` + `recoveryTimeoutMs`), and would re-render every OPEN row.
 */
export function sameBreaker(a: DevtoolsBreaker, b: DevtoolsBreaker): boolean {
  for (const key of Object.keys(b) as Array<keyof DevtoolsBreaker>) {
    if (key !== 'retryAfterMs' && !equalPlain(a[key], b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * `incoming` merged into `current` (least recently updated first, at most `limit`: the oldest are forgotten).
 * Unchanged breakers keep their object, and an unchanged map is returned as is. `replace` (a snapshot) drops
 * the breakers it does not name.
 */
export function mergeBreakers(
  current: ReadonlyMap<string, DevtoolsBreaker>,
  incoming: readonly DevtoolsBreaker[],
  limit: number,
  replace: boolean,
): ReadonlyMap<string, DevtoolsBreaker> {
  const known = (b: DevtoolsBreaker) => {
    const old = current.get(b.name);
    return old !== undefined && sameBreaker(old, b);
  };
  // Nothing new: the same map, so nothing downstream re-renders (its order of updates is left as it was).
  if (!replace && incoming.every(known)) return current;
  const next = new Map(replace ? [] : current);
  for (const breaker of incoming) {
    const old = current.get(breaker.name);
    next.delete(breaker.name); // re-inserted last: the map's order is the order of updates
    next.set(breaker.name, old !== undefined && sameBreaker(old, breaker) ? old : breaker);
  }
  for (const name of next.keys()) {
    if (next.size <= limit) break;
    next.delete(name);
  }
  if (replace && next.size === current.size && [...next].every(([name, b]) => current.get(name) === b)) return current;
  return next;
}
