// @breakwater/core/store-kit — for authors of `HistoryStore` drivers (fileStore, indexedDbStore, redisStore and
// third-party ones): the input checks and the filter/range matches every driver shares, so all of them reject
// bad input with the same words and filter alike. Users of a store never need these.

export { checkEvents, checkRecords, checkRetention, checkSnapshots, queryLimit } from '../storage/checkInput.ts';
export { matchesFilter } from '../storage/matchesFilter.ts';
export { eventInRange } from '../storage/HistoryEvent.ts';
