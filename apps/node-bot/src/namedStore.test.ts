import { memoryStore, type ErrorRecord } from '@breakwater/core';
import { describe, expect, it } from 'vitest';
import { namedStore } from './namedStore.ts';

const record = (id: string, metadata: Record<string, unknown> = {}): ErrorRecord => ({
  id,
  operation: 'fetch_ticker',
  component: 'market-data',
  category: 'network',
  severity: 'medium',
  retryable: true,
  retryCount: 0,
  maxRetries: 3,
  timestamp: 1_000,
  name: 'Error',
  message: 'read ECONNRESET',
  fingerprint: 'fp',
  metadata,
});

describe('namedStore', () => {
  it('names the process in every record it appends, keeping the record’s own metadata', async () => {
    const inner = memoryStore();
    const store = namedStore(inner, 'bot-1');
    await store.append([record('a'), record('b', { symbol: 'BTC/USD' })]);
    const { records } = await inner.query();
    expect(records.map((r) => [r.id, r.metadata])).toEqual([
      ['b', { symbol: 'BTC/USD', process: 'bot-1' }],
      ['a', { process: 'bot-1' }],
    ]);
    expect(store.driver).toBe('memory');
  });
});
