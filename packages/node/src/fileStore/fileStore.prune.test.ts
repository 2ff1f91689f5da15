import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore, type ErrorRecord, type HistoryStore } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { record, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { crc32 } from 'node:zlib';
import { encodeBatch } from './encodeBatch.ts';
import { fileStore, type FileStore } from './fileStore.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `p${++n}`);
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const seg = (dir: string, k: number) => join(dir, `history-${String(k).padStart(6, '0')}.jsonl`);

/** Records r10 … r99 make lines of one length; 3 per segment. */
const rec = (i: number, overrides: Partial<ErrorRecord> = {}) =>
  record(i, { retryable: true, component: 'kraken', category: 'network', severity: 'high', ...overrides });
const LINE = encodeBatch([rec(10)]).bytes.length;
/** removed.json as saved: per segment, where the removed records' lines start (bytes), and a checksum. */
const removedJson = (segments: Record<string, unknown>) => ({
  version: 2,
  segments,
  crc32: crc32(JSON.stringify(segments)),
});

async function threePerSegment(dir: string, count: number, clock = new ManualClock(T0)) {
  const store = await fileStore({ dir, maxFileBytes: 3 * LINE, clock });
  for (let i = 10; i < 10 + count; i++) await store.append([rec(i)]);
  return store;
}

async function all(store: HistoryStore): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? { limit: 7 } : { limit: 7, cursor });
    out.push(...ids(page.records));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

describe('fileStore: prune across segments', () => {
  it('keeps exactly the newest maxRecords, deletes segments left empty, and the result survives a reopen', async () => {
    const dir = freshDir();
    const store = await threePerSegment(dir, 12); // r10 … r21 in 4 segments
    expect(await store.prune({ maxRecords: 5 })).toBe(7);
    expect(await all(store)).toEqual(['r21', 'r20', 'r19', 'r18', 'r17']);
    expect(await store.count()).toBe(5);
    // Segments 1 and 2 (r10 … r15) are gone; segment 3 (r16 … r18) keeps r16's line on disk, marked removed.
    expect(store.segments().map((s) => s.file)).toEqual([seg(dir, 3), seg(dir, 4)]);
    expect([1, 2].map((k) => existsSync(seg(dir, k)) || existsSync(seg(dir, k).replace('.jsonl', '.idx')))).toEqual([
      false,
      false,
    ]);
    // removed.json was saved before the deletion, so it still names segments 1 and 2 (whole): had the process
    // died before deleting them, the next open would have.
    const removed = removedJson({
      1: { before: 3 * LINE, dropped: [] },
      2: { before: 3 * LINE, dropped: [] },
      3: { before: LINE, dropped: [] },
    });
    expect(JSON.parse(readFileSync(join(dir, 'removed.json'), 'utf8'))).toEqual(removed);
    await store.close();
    const again = await fileStore({ dir });
    expect(await all(again)).toEqual(['r21', 'r20', 'r19', 'r18', 'r17']);
    expect(await again.prune({ maxRecords: 5 })).toBe(0);
    await again.close();
  });

  it('drops records older than maxAgeMs wherever they are, even among newer ones (a clock stepped back)', async () => {
    const dir = freshDir();
    const clock = new ManualClock(T0);
    const store = await fileStore({ dir, maxFileBytes: 3 * LINE, clock });
    // r10 … r18 at T0 + i seconds, except r14 and r17 (each in the middle of its segment), stamped long before.
    for (let i = 10; i < 19; i++) await store.append([rec(i, i === 14 || i === 17 ? { timestamp: T0 - 60_000 } : {})]);
    clock.set(T0 + 30_000);
    expect(await store.prune({ maxAgeMs: 30_000 - 12_000 })).toBe(4); // timestamps < T0 + 12 s: r10, r11, r14, r17
    expect(await all(store)).toEqual(['r18', 'r16', 'r15', 'r13', 'r12']);
    expect(JSON.parse(readFileSync(join(dir, 'removed.json'), 'utf8'))).toEqual(
      removedJson({
        1: { before: 2 * LINE, dropped: [] },
        2: { before: 0, dropped: [LINE] },
        3: { before: 0, dropped: [LINE] },
      }),
    );
    expect(store.segments().map((s) => s.file)).toEqual([seg(dir, 1), seg(dir, 2), seg(dir, 3)]);
    await store.close();
  });

  it("applies the store's own retention whenever a segment is sealed", async () => {
    const dir = freshDir();
    const store = await fileStore({ dir, maxFileBytes: 3 * LINE, retention: { maxRecords: 4 } });
    for (let i = 10; i < 20; i++) await store.append([rec(i)]);
    // Sealing before r13, r16 and r19 pruned to the newest 4 each time (nothing, r10 … r11, r12 … r14, deleting
    // segment 1); r19 then went into a fresh segment.
    expect(await all(store)).toEqual(['r19', 'r18', 'r17', 'r16', 'r15']);
    expect(store.segments().map((s) => s.records)).toEqual([3, 3, 1]);
    expect(existsSync(seg(dir, 1))).toBe(false);
    expect(await store.prune()).toBe(1);
    await store.close();
  });

  it('finishes a prune that a crash interrupted after saving removed.json but before deleting segments', async () => {
    const dir = freshDir();
    const store = await threePerSegment(dir, 9);
    const backup = join(root, `backup-${n}`);
    copyFileSync(seg(dir, 1), backup);
    expect(await store.prune({ maxRecords: 4 })).toBe(5);
    await store.close();
    copyFileSync(backup, seg(dir, 1)); // as if the crash came before the deletion
    const again = await fileStore({ dir });
    expect(existsSync(seg(dir, 1))).toBe(false);
    expect(await all(again)).toEqual(['r18', 'r17', 'r16', 'r15']);
    expect(again.warnings).toEqual([]);
    await again.close();
  });

  it('a cursor taken before a prune goes on with what is left', async () => {
    const store = await threePerSegment(freshDir(), 9);
    const first = await store.query({ limit: 3 });
    expect(ids(first.records)).toEqual(['r18', 'r17', 'r16']);
    await store.prune({ maxRecords: 5 });
    expect(ids((await store.query({ limit: 3, cursor: first.nextCursor! })).records)).toEqual(['r15', 'r14']);
    await store.close();
  });

  it('does what the memory store does, over random appends, clock steps, prunes and reopens', async () => {
    const random = seededRandom(20_240_611);
    const pick = (k: number) => Math.floor(random() * k);
    const clock = new ManualClock(T0);
    const dir = freshDir();
    const options = { maxFileBytes: 4 * LINE, clock };
    let file: FileStore = await fileStore({ dir, ...options });
    const memory = memoryStore({ clock });
    let next = 10;
    for (let step = 0; step < 120; step++) {
      const action = pick(10);
      if (action < 6) {
        // Mostly in time order; now and then a record stamped in the past.
        const batch = range(0, 1 + pick(3)).map(() =>
          rec((next++ % 90) + 10, { id: `x${next}`, timestamp: clock.now() - (pick(8) === 0 ? pick(50_000) : 0) }),
        );
        await file.append(batch);
        await memory.append(batch);
        await clock.advance(1000);
      } else if (action === 6) {
        const retention = { maxRecords: pick(25) };
        expect(await file.prune(retention)).toBe(await memory.prune(retention));
      } else if (action === 7) {
        const retention = { maxAgeMs: pick(40_000) };
        expect(await file.prune(retention)).toBe(await memory.prune(retention));
      } else if (action === 8) {
        await file.close();
        file = await fileStore({ dir, ...options });
        expect(file.warnings).toEqual([]);
      } else {
        const filter = { from: clock.now() - pick(30_000), fingerprint: `fp${pick(5)}` };
        expect(await file.count(filter)).toBe(await memory.count(filter));
      }
      expect(await all(file)).toEqual(await all(memory));
      expect(await file.count()).toBe(await memory.count());
    }
    await file.close();
  });
});
