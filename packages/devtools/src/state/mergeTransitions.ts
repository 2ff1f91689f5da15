import type { BreakerStateEvent, HistoryEvent } from '@breakwater/core';
import { equalPlain } from './equalPlain.ts';

const keyOf = (t: BreakerStateEvent) => `${t.at}|${t.name}|${t.from}|${t.to}|${t.reason}`;

/**
 * The transitions a snapshot carries (oldest first, mode switches among them) merged into those the panel
 * kept (newest first): a panel opened after an incident shows it, and one that reconnects neither loses what it
 * saw nor shows a transition twice. Newest first, at most `limit`; `kept` itself when nothing is new.
 */
export function mergeTransitions(
  kept: readonly BreakerStateEvent[],
  carried: readonly HistoryEvent[] | undefined,
  limit: number,
): readonly BreakerStateEvent[] {
  if (!carried || carried.length === 0) return kept;
  const byKey = new Map<string, BreakerStateEvent>();
  for (const t of kept) byKey.set(keyOf(t), t);
  for (const e of carried) if (e.type === 'breaker.state' && !byKey.has(keyOf(e))) byKey.set(keyOf(e), e);
  if (byKey.size === kept.length) return kept;
  // Stable: equal times keep the order they came in, the snapshot's own order being oldest first.
  const merged = [...byKey.values()].map((t, i) => ({ t, i }));
  merged.sort((a, b) => b.t.at - a.t.at || b.i - a.i);
  const out = merged.slice(0, limit).map((m) => m.t);
  return equalPlain(out, kept) ? kept : out;
}
