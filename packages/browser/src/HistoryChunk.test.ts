import { describe, expect, it } from 'vitest';
import { record, T0 } from '../../../test/contract/historyStoreContract.ts';
import { formatChunkCursor, parseChunkCursor } from './chunkCursor.ts';
import {
  appendToChunk,
  chunkMatch,
  chunkOf,
  countMatches,
  filterChunk,
  matchesNewestFirst,
  positionOf,
  splitBatch,
  summaryCount,
  summaryOf,
  timeMatch,
} from './HistoryChunk.ts';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i));
const ids = (records: ReadonlyArray<{ id: string }>) => records.map((r) => r.id);

describe('HistoryChunk', () => {
  it('lists the distinct values of each field and the time span, in first-seen order', () => {
    const chunk = chunkOf(range(0, 6));
    expect(chunk).toEqual({
      records: range(0, 6),
      count: 6,
      minTs: T0,
      maxTs: T0 + 5_000,
      components: ['kraken', 'binance', 'coinbase'],
      categories: ['network', 'api', 'data'],
      severities: ['medium', 'high', 'low'],
      fingerprints: ['fp0', 'fp1', 'fp2', 'fp3', 'fp4'],
    });
    expect(summaryOf(7, chunk)).toEqual({
      key: 7,
      count: 6,
      minTs: T0,
      maxTs: T0 + 5_000,
      tallies: {
        fingerprint: new Map([
          ['fp0', 2],
          ['fp1', 1],
          ['fp2', 1],
          ['fp3', 1],
          ['fp4', 1],
        ]),
        component: new Map([
          ['kraken', 2],
          ['binance', 2],
          ['coinbase', 2],
        ]),
        category: new Map([
          ['network', 2],
          ['api', 2],
          ['data', 2],
        ]),
        severity: new Map([
          ['medium', 2],
          ['high', 2],
          ['low', 2],
        ]),
      },
    });
  });

  it('lists and tallies strings only: a record from JavaScript may lack a field or hold something else', () => {
    const odd = { ...record(1), component: 5 as unknown as string, fingerprint: undefined as unknown as string };
    const chunk = chunkOf([record(0), odd]);
    expect(chunk.components).toEqual(['kraken']);
    expect(chunk.fingerprints).toEqual(['fp0']);
    expect(summaryOf(1, chunk).tallies.component).toEqual(new Map([['kraken', 1]]));
    // A non-string criterion is left to matchesFilter, record by record.
    expect(chunkMatch(chunk, { component: 5 as unknown as string })).toBe('some');
    expect(countMatches(chunk, { component: 5 as unknown as string })).toBe(1);
  });

  it('splits a batch over 500 records into equal chunks, in order', () => {
    expect(splitBatch(range(0, 500)).map((c) => c.length)).toEqual([500]);
    const parts = splitBatch(range(0, 1_001));
    expect(parts.map((c) => c.length)).toEqual([334, 334, 333]);
    expect(ids(parts.flat())).toEqual(ids(range(0, 1_001)));
  });

  it('keeps positions when records go, and continues them when records are appended', () => {
    const chunk = chunkOf(range(0, 5));
    expect(chunk.positions).toBeUndefined();
    const pruned = filterChunk(chunk, (r) => r.id !== 'r0' && r.id !== 'r2')!;
    expect(ids(pruned.records)).toEqual(['r1', 'r3', 'r4']);
    expect(pruned.positions).toEqual([1, 3, 4]);
    expect([pruned.minTs, pruned.maxTs, pruned.count]).toEqual([T0 + 1_000, T0 + 4_000, 3]);
    const grown = appendToChunk(pruned, [record(5)]);
    expect(grown.positions).toEqual([1, 3, 4, 5]);
    expect(positionOf(grown, 3)).toBe(5);
    expect(appendToChunk(chunk, [record(5)]).positions).toBeUndefined();
    expect(filterChunk(chunk, () => false)).toBeUndefined();
    // Dropping nothing from the front keeps positions implicit.
    expect(filterChunk(chunk, (r) => r.id !== 'r4')!.positions).toBeUndefined();
  });

  it('walks matches newest first from just below a position', () => {
    const chunk = filterChunk(chunkOf(range(0, 10)), (r) => r.id !== 'r3')!;
    const walk = (below?: number) =>
      [...matchesNewestFirst(chunk, { component: 'kraken' }, below)].map((i) => chunk.records[i]!.id);
    expect(walk()).toEqual(['r9', 'r6', 'r0']);
    expect(walk(9)).toEqual(['r6', 'r0']);
    expect(walk(4)).toEqual(['r0']);
    expect(walk(0)).toEqual([]);
    expect([...matchesNewestFirst(chunk, { component: 'nobody' })]).toEqual([]);
  });

  it('tells from the time span whether a chunk can match all, some or none', () => {
    const span = { minTs: 100, maxTs: 200 };
    expect(timeMatch(span, {})).toBe('all');
    expect(timeMatch(span, { from: 100, to: 201 })).toBe('all');
    expect(timeMatch(span, { from: 150 })).toBe('some');
    expect(timeMatch(span, { to: 200 })).toBe('some');
    expect(timeMatch(span, { from: 201 })).toBe('none');
    expect(timeMatch(span, { to: 100 })).toBe('none');
    expect(timeMatch(span, { from: Number.NaN })).toBe('none');
  });

  it('counts from a summary when it can tell, and asks for the chunk when it cannot', () => {
    const summary = summaryOf(1, chunkOf(range(0, 30)));
    expect(summaryCount(summary, {})).toBe(30);
    expect(summaryCount(summary, { component: 'kraken' })).toBe(10);
    expect(summaryCount(summary, { fingerprint: 'fp9' })).toBe(0);
    expect(summaryCount(summary, { component: 'kraken', fingerprint: 'fp9' })).toBe(0);
    expect(summaryCount(summary, { component: 'kraken', from: T0 + 100_000 })).toBe(0);
    expect(summaryCount(summary, { component: 'kraken', severity: 'medium' })).toBeUndefined();
    expect(summaryCount(summary, { from: T0 + 1 })).toBeUndefined();
    expect(summaryCount(summary, { component: 5 as unknown as string })).toBeUndefined();
  });

  it('writes and reads cursors as <chunk>:<position>, and nothing else', () => {
    expect(formatChunkCursor({ chunk: 12, position: 0 })).toBe('12:0');
    expect(parseChunkCursor('12:0')).toEqual({ chunk: 12, position: 0 });
    for (const bad of ['12', '12:', ':3', '-1:2', '1:2:3', '1.5:2', ' 1:2', 12, undefined])
      expect(parseChunkCursor(bad)).toBeUndefined();
  });
});
