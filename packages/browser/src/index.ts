// @breakwater/browser — browser-only parts of Breakwater. Explicit on purpose: nothing is exported by accident.
export {
  indexedDbStore,
  INDEXEDDB_DRIVER,
  DEFAULT_DB_NAME,
  DEFAULT_OPEN_TIMEOUT_MS,
  type IndexedDbStore,
  type IndexedDbStoreOptions,
  type IndexedDbStoreMode,
} from './indexedDbStore.ts';
export type { IndexedDbStoreEvent, StoreFallbackEvent, FallbackReason } from './IndexedDbStoreEvent.ts';
export { HISTORY_DB_VERSION } from './HistoryDbSchema.ts';
export type { HistoryDbSchema, HistoryDb } from './HistoryDb.ts';

export { broadcastDevtools, type BroadcastDevtoolsOptions } from './devtools/broadcastDevtools.ts';
