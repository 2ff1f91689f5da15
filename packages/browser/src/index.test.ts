import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as browser from './index.ts';
import type { HistoryDb, IndexedDbStore, IndexedDbStoreEvent } from './index.ts';

describe('@breakwater/browser barrel', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(browser).sort()).toEqual([
      'DEFAULT_DB_NAME',
      'DEFAULT_OPEN_TIMEOUT_MS',
      'HISTORY_DB_VERSION',
      'INDEXEDDB_DRIVER',
      'broadcastDevtools',
      'indexedDbStore',
    ]);
    expect([
      browser.DEFAULT_DB_NAME,
      browser.DEFAULT_OPEN_TIMEOUT_MS,
      browser.HISTORY_DB_VERSION,
      browser.INDEXEDDB_DRIVER,
    ]).toEqual(['breakwater', 5000, 3, 'indexeddb']);
  });

  it('types the schema, the store and its events', () => {
    // Compile-time checks (tsc -b runs this file): a wrong store or value shape does not type-check.
    const misuse = (db: HistoryDb) => {
      // @ts-expect-error: there is no such object store
      void db.transaction('orders');
      // @ts-expect-error: chunks are HistoryChunks
      void db.add('chunks', { id: 1 });
      // @ts-expect-error: no such index
      void db.transaction('chunks').store.index('symbol');
    };
    expect(misuse).toBeTypeOf('function');
    expectTypeOf<IndexedDbStore['driver']>().toEqualTypeOf<'indexeddb'>();
    expectTypeOf<IndexedDbStore['mode']>().toEqualTypeOf<'pending' | 'indexeddb' | 'memory'>();
    expectTypeOf<IndexedDbStoreEvent['type']>().toEqualTypeOf<'store.fallback'>();
  });

  it('reads no platform global at import or when a store is created, only at its first call', async () => {
    const real = globalThis.indexedDB;
    let reads = 0;
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get: () => (reads++, real) });
    try {
      vi.resetModules();
      const fresh = await import('./index.ts');
      const store = fresh.indexedDbStore({ dbName: 'import-check' });
      expect(reads).toBe(0);
      await store.count();
      expect(reads).toBe(1);
      await store.close();
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: real });
    }
  });
});
