import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';

// The store appends with `fs.write` (the callback API): a failure is injected there, after part of the batch was
// written, as a full disk does it.
const failAfter = vi.hoisted(() => ({ bytes: Infinity }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const write = (fd: number, bytes: Buffer, offset: number, length: number, position: null, done: never) => {
    const callback = done as (error: NodeJS.ErrnoException | null, written: number) => void;
    if (failAfter.bytes <= 0) {
      failAfter.bytes = Infinity;
      callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 0);
      return;
    }
    const part = Math.min(length, failAfter.bytes);
    if (failAfter.bytes !== Infinity) failAfter.bytes -= part;
    fs.write(fd, bytes, offset, part, position, callback);
  };
  return { ...fs, default: { ...fs, write }, write };
});
const { fileStore } = await import('./fileStore.ts');

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  failAfter.bytes = Infinity;
});

describe('fileStore: a write that fails half way', () => {
  it('rejects naming the file, leaves no partial line, and the next append lands whole', async () => {
    const dir = join(root, 'enospc');
    const store = await fileStore({ dir, fsync: 'never' });
    await store.append([record(1)]);
    failAfter.bytes = 100; // the next batch gets 100 bytes in, then the disk is full
    await expect(store.append([record(2), record(3)])).rejects.toThrow(
      `file: cannot append to ${join(dir, 'history-000001.jsonl')}: ENOSPC: no space left on device, write`,
    );
    await store.append([record(4)]);
    expect((await store.query()).records.map((r) => r.id)).toEqual([record(4).id, record(1).id]);
    expect(await store.count()).toBe(2);
    await store.close();
    const lines = readFileSync(join(dir, 'history-000001.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(3); // two whole lines and the empty string after the last newline
    expect(lines.map((line) => (line === '' ? '' : (JSON.parse(line) as [string, { id: string }])[1].id))).toEqual([
      record(1).id,
      record(4).id,
      '',
    ]);
  });
});
