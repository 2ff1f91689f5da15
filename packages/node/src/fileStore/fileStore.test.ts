import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ErrorRecord } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { record, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';
import { fileStore, type FileStore } from './fileStore.ts';
import { corruptLine } from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `s${++n}`);
afterEach(() => vi.restoreAllMocks());

/** Records r10 … r99 all make lines of one length, so segment sizes can be said exactly. */
const rec = (i: number) => record(i, { retryable: true, component: 'kraken', category: 'network', severity: 'high' });
const line = (r: ErrorRecord) => encodeBatch([r]).bytes.toString('utf8');
const LINE = Buffer.byteLength(line(rec(10)));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);
const file = (dir: string, number: number) => join(dir, `history-${String(number).padStart(6, '0')}.jsonl`);

async function allPages(store: FileStore, query: { limit: number } & Record<string, unknown>) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? query : { ...query, cursor });
    pages.push(ids(page.records));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

/** 20 records r10 … r29 in batches of 2, in segments of 4 records (a third batch would pass 5 lines). */
async function fiveSegments(dir = freshDir()) {
  const store = await fileStore({ dir, maxFileBytes: 5 * LINE, clock: new ManualClock(T0) });
  for (let i = 10; i < 30; i += 2) await store.append([rec(i), rec(i + 1)]);
  return store;
}

describe('fileStore: segments', () => {
  it('starts a new segment before a batch would take the current one past maxFileBytes', async () => {
    const store = await fiveSegments();
    expect(store.segments()).toEqual(
      range(1, 6).map((k) => ({ file: file(store.dir, k), records: 4, bytes: 4 * LINE })),
    );
    expect(readFileSync(file(store.dir, 2), 'utf8')).toBe([14, 15, 16, 17].map((i) => line(rec(i))).join(''));
    await store.close();
  });

  it('puts a batch bigger than maxFileBytes whole into a segment of its own', async () => {
    const store = await fileStore({ dir: freshDir(), maxFileBytes: 2 * LINE });
    await store.append([rec(10)]);
    await store.append(range(11, 16).map(rec));
    await store.append([rec(16)]);
    expect(store.segments().map((s) => s.records)).toEqual([1, 5, 1]);
    await store.close();
  });

  it('pages across segment boundaries, every record exactly once, also with filters', async () => {
    const store = await fiveSegments();
    expect(await allPages(store, { limit: 3 })).toEqual([
      ['r29', 'r28', 'r27'],
      ['r26', 'r25', 'r24'],
      ['r23', 'r22', 'r21'],
      ['r20', 'r19', 'r18'],
      ['r17', 'r16', 'r15'],
      ['r14', 'r13', 'r12'],
      ['r11', 'r10'],
    ]);
    expect(await allPages(store, { limit: 4, fingerprint: 'fp2' })).toEqual([['r27', 'r22', 'r17', 'r12']]);
    expect(await allPages(store, { limit: 2, from: T0 + 13_000, to: T0 + 18_000 })).toEqual([
      ['r17', 'r16'],
      ['r15', 'r14'],
      ['r13'],
    ]);
    expect(await store.count({ from: T0 + 13_000, to: T0 + 18_000 })).toBe(5);
    expect(await store.count({ fingerprint: 'fp2' })).toBe(4);
    await store.close();
  });

  it('keeps a cursor valid while new batches start new segments', async () => {
    const store = await fiveSegments();
    const first = await store.query({ limit: 5 });
    expect(ids(first.records)).toEqual(['r29', 'r28', 'r27', 'r26', 'r25']);
    for (let i = 30; i < 40; i += 2) await store.append([rec(i), rec(i + 1)]);
    expect(store.segments()).toHaveLength(8);
    expect(ids((await store.query({ limit: 3, cursor: first.nextCursor! })).records)).toEqual(['r24', 'r23', 'r22']);
    await store.close();
  });

  it('reopens from the sidecar indexes of sealed segments, and rebuilds one that is missing or damaged', async () => {
    const dir = freshDir();
    await (await fiveSegments(dir)).close();
    // Sealed segments got an index when sealed, the newest one on close.
    expect(range(1, 6).map((k) => existsSync(file(dir, k).replace('.jsonl', '.idx')))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    rmSync(file(dir, 2).replace('.jsonl', '.idx'));
    writeFileSync(file(dir, 3).replace('.jsonl', '.idx'), 'BWSEGIDX garbage');
    const store = await fileStore({ dir, maxFileBytes: 5 * LINE });
    expect(await allPages(store, { limit: 1000 })).toEqual([
      range(10, 30)
        .reverse()
        .map((i) => `r${i}`),
    ]);
    expect(store.warnings).toEqual([]);
    expect(readFileSync(file(dir, 2).replace('.jsonl', '.idx')).subarray(0, 8).toString()).toBe('BWSEGIDX');
    await store.close();
  });

  it('answers a time range from the index, without reading segments outside it', async () => {
    const dir = freshDir();
    await (await fiveSegments(dir)).close();
    // Damage line 2 of segment 1 (r11) in place, same size, so the index is still trusted: only reading shows it.
    const damaged = 'x'.repeat(LINE - 1);
    writeFileSync(
      file(dir, 1),
      [rec(10), damaged, rec(12), rec(13)].map((r) => (typeof r === 'string' ? r + '\n' : line(r))).join(''),
    );
    const store = await fileStore({ dir });
    expect(ids((await store.query({ from: T0 + 14_000, limit: 100 })).records)).toEqual(
      range(14, 30)
        .reverse()
        .map((i) => `r${i}`),
    );
    expect(await store.count({ from: T0 + 14_000, component: 'kraken' })).toBe(16);
    expect(store.warnings).toEqual([]);
    // Reading it finds the damage: one line, reported once, with its file and line; the records are skipped.
    expect(ids((await store.query({ to: T0 + 15_000 })).records)).toEqual(['r14', 'r13', 'r12', 'r10']);
    expect(store.warnings).toEqual([corruptLine(file(dir, 1), 2, LINE, LINE, `invalid JSON: ${jsonError(damaged)}`)]);
    expect(await store.count()).toBe(19);
    expect(ids((await store.query({ to: T0 + 12_000 })).records)).toEqual(['r10']);
    expect(store.warnings).toHaveLength(1);
    await store.close();
  });

  it('reads only the tail for the newest page, whatever the size of the history', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir });
    for (let b = 0; b < 50; b++) await store.append(range(b * 200, b * 200 + 200).map((i) => record(i)));
    const probe = await openFile(file(dir, 1), 'r');
    const read = vi.spyOn(Object.getPrototypeOf(probe) as { read: () => unknown }, 'read');
    await probe.close();
    const page = await store.query({ limit: 100 });
    expect(ids(page.records)).toEqual(
      range(9900, 10_000)
        .reverse()
        .map((i) => `r${i}`),
    );
    expect(read).toHaveBeenCalledTimes(1);
    const [, , length] = read.mock.calls[0] as unknown as [Buffer, number, number, number];
    expect(length).toBeLessThanOrEqual(64 * 1024);
    await store.close();
  });
});

describe('fileStore: options and input', () => {
  it('checks its options at the boundary, naming the bad value', async () => {
    await expect(fileStore({ dir: '' })).rejects.toThrow('file: dir must be a non-empty string, got ""');
    await expect(fileStore({ dir: freshDir(), maxFileBytes: 0 })).rejects.toThrow(
      'file: maxFileBytes must be an integer from 1 to 2147483648, got 0',
    );
    await expect(fileStore({ dir: freshDir(), fsync: 'sometimes' as never })).rejects.toThrow(
      'file: fsync must be "always", "batch" or "never", got "sometimes"',
    );
    await expect(fileStore({ dir: freshDir(), retention: { maxAgeMs: -1 } })).rejects.toThrow(
      'file: retention.maxAgeMs must be a number >= 0, got -1',
    );
  });

  it('refuses a record JSON cannot hold, naming it, and stores nothing of its batch', async () => {
    const store = await fileStore({ dir: freshDir() });
    const bad = record(2, { metadata: { size: 10n } });
    await expect(store.append([record(1), bad])).rejects.toThrow(
      'file: append: records[1] cannot be stored as JSON: Do not know how to serialize a BigInt',
    );
    expect(await store.count()).toBe(0);
    await store.close();
  });

  it('creates the directory, and reports its absolute path', async () => {
    const dir = join(freshDir(), 'deeper', 'still');
    const store = await fileStore({ dir });
    expect(store.dir).toBe(dir);
    expect(store.driver).toBe('file');
    expect(existsSync(join(dir, 'history-000001.jsonl'))).toBe(true);
    await store.close();
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('valid JSON');
}
