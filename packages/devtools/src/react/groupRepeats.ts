import type { ErrorRecord } from '@breakwater/core';

/** Records of one fingerprint (the same error, repeated), newest first. */
export interface RepeatGroup {
  fingerprint: string;
  /** Newest first; never empty. */
  records: readonly ErrorRecord[];
}

/**
 * Groups a newest-first list by fingerprint, each group where its newest record stood: an outage's hundred
 * identical ECONNRESETs read as one line with a count, and the error that happened once is not buried under them.
 */
export function groupRepeats(records: readonly ErrorRecord[]): RepeatGroup[] {
  const groups = new Map<string, ErrorRecord[]>();
  for (const r of records) {
    const group = groups.get(r.fingerprint);
    if (group) group.push(r);
    else groups.set(r.fingerprint, [r]);
  }
  return [...groups].map(([fingerprint, list]) => ({ fingerprint, records: list }));
}
