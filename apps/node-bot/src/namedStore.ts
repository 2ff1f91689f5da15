import type { HistoryStore } from '@breakwater/core';

/**
 * `store` with every appended record naming the process that handled it (`metadata.process`): several bots
 * writing one Redis Stream stay told apart in the shared history.
 */
export function namedStore(store: HistoryStore, process: string): HistoryStore {
  return {
    driver: store.driver,
    append: (records) => store.append(records.map((r) => ({ ...r, metadata: { ...r.metadata, process } }))),
    query: (query) => store.query(query),
    count: (filter) => store.count(filter),
    prune: (retention) => store.prune(retention),
    saveBreakers: (snapshots) => store.saveBreakers(snapshots),
    loadBreakers: () => store.loadBreakers(),
    flush: () => store.flush(),
    close: () => store.close(),
  };
}
