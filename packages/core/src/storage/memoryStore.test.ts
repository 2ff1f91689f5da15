import { describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { runContractWithVitest } from '../../../../test/contract/runContractWithVitest.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { memoryStore } from './memoryStore.ts';

runContractWithVitest('memory', { create: async (options) => memoryStore(options) });

describe('memoryStore', () => {
  it('exposes what it holds, oldest first, as its raw handle', async () => {
    const store = memoryStore({ clock: new ManualClock() });
    await store.append([record(1), record(2)]);
    expect(store.records.map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('rejects a bad retention policy when created', () => {
    expect(() => memoryStore({ retention: { maxAgeMs: -5 } })).toThrow(
      'memory: retention.maxAgeMs must be a number >= 0, got -5',
    );
  });
});
