import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { record, snapshot, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';
import { fileStore } from './fileStore.ts';
import type { FsyncMode } from './fileStoreSettings.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-fsync-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `f${++n}`);

// Every FileHandle shares one prototype: spying on it sees each fdatasync (segments) and fsync (temp files,
// directories) the store makes.
let proto: FileHandle;
let realSync: FileHandle['sync'];
let datasync: MockInstance;
let sync: MockInstance;
beforeAll(async () => {
  const probe = await openFile(join(root), 'r');
  proto = Object.getPrototypeOf(probe) as FileHandle;
  realSync = proto.sync;
  await probe.close();
});
const spy = () => {
  datasync = vi.spyOn(proto, 'datasync');
  sync = vi.spyOn(proto, 'sync');
};
const counts = () => ({ datasync: datasync.mock.calls.length, sync: sync.mock.calls.length });
const reset = () => {
  datasync.mockClear();
  sync.mockClear();
};
afterEach(() => vi.restoreAllMocks());

const open = async (fsync: FsyncMode, maxFileBytes?: number) => {
  const store = await fileStore(
    maxFileBytes === undefined ? { dir: freshDir(), fsync } : { dir: freshDir(), fsync, maxFileBytes },
  );
  spy();
  return store;
};

describe('fileStore: fsync modes', () => {
  it("'always' syncs the segment before each append resolves", async () => {
    const store = await open('always');
    await store.append([record(1)]);
    await store.append([record(2), record(3)]);
    expect(counts()).toEqual({ datasync: 2, sync: 0 });
    await store.flush();
    expect(counts()).toEqual({ datasync: 2, sync: 0 });
    await store.close();
  });

  it("'batch' syncs on flush, only what is new, and on close", async () => {
    const store = await open('batch');
    await store.append([record(1)]);
    await store.append([record(2)]);
    expect(counts()).toEqual({ datasync: 0, sync: 0 });
    await store.flush();
    expect(counts()).toEqual({ datasync: 1, sync: 0 });
    await store.flush();
    expect(counts()).toEqual({ datasync: 1, sync: 0 });
    await store.append([record(3)]);
    reset();
    await store.close();
    expect(counts().datasync).toBe(1);
  });

  it("'batch' syncs a sealed segment in the background; flush waits, then syncs the rest and the dir", async () => {
    const line = encodeBatch([record(1)]).bytes.length;
    const store = await open('batch', 2 * line);
    await store.append([record(1), record(2)]);
    reset();
    await store.append([record(3)]); // seals segment 1: its sync starts; its index is written unsynced
    expect(counts()).toEqual({ datasync: 1, sync: 0 });
    reset();
    await store.flush(); // segment 2's data, and the directory entry of segment 2
    expect(counts()).toEqual({ datasync: 1, sync: 1 });
    await store.close();
  });

  it("'batch': a background sync that failed is reported by the next flush, once", async () => {
    const line = encodeBatch([record(1)]).bytes.length;
    const store = await open('batch', 2 * line);
    await store.append([record(1), record(2)]);
    datasync.mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await store.append([record(3)]);
    reset();
    await expect(store.flush()).rejects.toThrow(
      `file: cannot sync ${join(store.dir, 'history-000001.jsonl')}: EIO: i/o error, fdatasync`,
    );
    expect(counts()).toEqual({ datasync: 1, sync: 1 }); // segment 2 and the directory were still synced
    await store.flush();
    expect(await store.count()).toBe(3);
    await store.close();
  });

  it("'never' syncs nothing, not even on flush, close or saving breakers", async () => {
    const line = encodeBatch([record(1)]).bytes.length;
    const store = await open('never', 2 * line);
    for (let i = 0; i < 6; i++) await store.append([record(i)]);
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    await store.prune({ maxRecords: 1 });
    await store.flush();
    await store.close();
    expect(counts()).toEqual({ datasync: 0, sync: 0 });
  });
});

describe('fileStore: breaker snapshots on disk', () => {
  const breakersOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'breakers.json'), 'utf8')) as unknown;

  it('are written to a temp file, synced, then renamed over breakers.json, and the directory synced', async () => {
    const store = await open('batch');
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    // At each fsync: which files exist and what breakers.json says.
    const seen: Array<{ files: string[]; breakers: unknown }> = [];
    sync.mockImplementation(function (this: FileHandle) {
      seen.push({
        files: readdirSync(store.dir)
          .filter((f) => f.startsWith('breakers'))
          .sort(),
        breakers: breakersOf(store.dir),
      });
      return realSync.call(this);
    });
    await store.saveBreakers([snapshot('binance', 'CLOSED', T0)]);
    const before = [snapshot('kraken', 'OPEN', T0)];
    const after = [snapshot('binance', 'CLOSED', T0), snapshot('kraken', 'OPEN', T0)];
    expect(seen).toEqual([
      { files: ['breakers.json', 'breakers.json.tmp'], breakers: before }, // the temp file, synced before the rename
      { files: ['breakers.json'], breakers: after }, // the directory, after it
    ]);
    expect(await store.loadBreakers()).toEqual(after);
    await store.close();
  });

  it('a save failing part-way leaves the previous file whole, no temp file, the snapshots as they were', async () => {
    const store = await open('batch');
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    vi.spyOn(proto, 'writeFile').mockRejectedValueOnce(
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    );
    await expect(store.saveBreakers([snapshot('kraken', 'CLOSED', T0 + 1)])).rejects.toThrow(
      `file: cannot write ${join(store.dir, 'breakers.json')}: ENOSPC: no space left on device, write`,
    );
    expect(readdirSync(store.dir).filter((f) => f.startsWith('breakers'))).toEqual(['breakers.json']);
    expect(breakersOf(store.dir)).toEqual([snapshot('kraken', 'OPEN', T0)]);
    expect(await store.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    await store.close();
  });
});
