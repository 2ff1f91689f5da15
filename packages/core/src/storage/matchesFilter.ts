import type { ErrorRecord } from './ErrorRecord.ts';
import type { HistoryFilter } from './HistoryStore.ts';

/** The one definition of a filter match, shared by every driver that filters in memory. */
export function matchesFilter(record: ErrorRecord, filter: HistoryFilter): boolean {
  return (
    (filter.from === undefined || record.timestamp >= filter.from) &&
    (filter.to === undefined || record.timestamp < filter.to) &&
    (filter.component === undefined || record.component === filter.component) &&
    (filter.category === undefined || record.category === filter.category) &&
    (filter.severity === undefined || record.severity === filter.severity) &&
    (filter.fingerprint === undefined || record.fingerprint === filter.fingerprint)
  );
}
