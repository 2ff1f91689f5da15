import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorRecord } from '@breakwater/core';
import { afterAll, describe, expect, it } from 'vitest';
import { record, snapshot, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore, type FileStore } from './fileStore.ts';
import { corruptLine, tornTail, unreadableFile, type FileStoreWarning } from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-damage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);
const line = (i: number) => JSON.stringify(record(i)) + '\n';

/** A closed store holding r0 … r(count-1), one segment; returns its directory and segment file. */
async function storeWith(count: number, options: { maxFileBytes?: number } = {}) {
  const dir = join(root, `d${++n}`);
  const store = await fileStore({ dir, ...options });
  await store.append(Array.from({ length: count }, (_, i) => record(i)));
  await store.close();
  return { dir, segment: join(dir, 'history-000001.jsonl') };
}

async function reopen(dir: string): Promise<{ store: FileStore; seen: FileStoreWarning[] }> {
  const seen: FileStoreWarning[] = [];
  const store = await fileStore({ dir, onWarning: (w) => seen.push(w) });
  return { store, seen };
}

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('valid JSON');
}

describe('fileStore: a torn last line', () => {
  const torn = [
    ['with no newline', line(3).slice(0, 57)],
    ['that is whole JSON but lacks its newline', line(3).slice(0, -1)],
    ['that has a newline but is not JSON', line(3).slice(0, 40) + '\n'],
  ] as const;
  for (const [what, tail] of torn) {
    it(`${what}: is cut off on open and reported with file and line, and the store goes on`, async () => {
      const { dir, segment } = await storeWith(3);
      const size = statSync(segment).size;
      appendFileSync(segment, tail);
      const { store, seen } = await reopen(dir);
      const expected = [tornTail(segment, 4, Buffer.byteLength(tail))];
      expect(store.warnings).toEqual(expected);
      expect(seen).toEqual(expected);
      expect(statSync(segment).size).toBe(size);
      expect(ids((await store.query()).records)).toEqual(['r2', 'r1', 'r0']);
      // The next append starts on a line of its own, not glued onto the torn bytes.
      await store.append([record(3)]);
      await store.close();
      expect(readFileSync(segment, 'utf8')).toBe([0, 1, 2, 3].map(line).join(''));
      const again = await reopen(dir);
      expect(again.store.warnings).toEqual([]);
      expect(await again.store.count()).toBe(4);
      await again.store.close();
    });
  }

  it('message names the file and line', () => {
    expect(tornTail('/data/history-000002.jsonl', 7, 12).message).toBe(
      'file: /data/history-000002.jsonl:7: removed a torn last line (12 bytes of a write that never completed)',
    );
  });
});

describe('fileStore: a corrupt line in the middle', () => {
  it('is skipped and reported with file, line and reason, on every open; every other line stays readable', async () => {
    const { dir, segment } = await storeWith(5);
    const lines = readFileSync(segment, 'utf8').split('\n');
    lines[2] = '#' + lines[2]!; // the file changes size, so its index is out of date and it is scanned again
    writeFileSync(segment, lines.join('\n'));
    const expected = [corruptLine(segment, 3, `invalid JSON: ${jsonError(lines[2])}`)];
    for (let open = 0; open < 2; open++) {
      const { store, seen } = await reopen(dir);
      expect(seen).toEqual(expected);
      expect(ids((await store.query()).records)).toEqual(['r4', 'r3', 'r1', 'r0']);
      expect(await store.count()).toBe(4);
      expect((await store.query({ limit: 1 })).records).toEqual([record(4)]);
      await store.close();
    }
  });

  it('reports empty lines and JSON that is not a record, each with its own reason', async () => {
    const { dir, segment } = await storeWith(2);
    appendFileSync(segment, '\nnull\n{"id":5}\n{"timestamp":1}\n' + line(2));
    const { store } = await reopen(dir);
    expect(store.warnings.map((w) => [w.type, 'line' in w ? w.line : 0, 'reason' in w ? w.reason : ''])).toEqual([
      ['store.corrupt-line', 3, 'empty line'],
      ['store.corrupt-line', 4, 'not an error record: not an object'],
      ['store.corrupt-line', 5, 'not an error record: no string id'],
      ['store.corrupt-line', 6, 'not an error record: no string id'],
    ]);
    expect(ids((await store.query()).records)).toEqual(['r2', 'r1', 'r0']);
    await store.close();
  });

  it('in an older, sealed segment: found when its index is rebuilt, kept in the index, reported on every open', async () => {
    const dir = join(root, `d${++n}`);
    const store = await fileStore({ dir, maxFileBytes: 3 * Buffer.byteLength(line(5)) });
    for (let i = 0; i < 9; i += 3) await store.append([record(i), record(i + 1), record(i + 2)]);
    await store.close();
    const sealed = join(dir, 'history-000002.jsonl');
    const text = readFileSync(sealed, 'utf8');
    writeFileSync(sealed, text.replace('"id":"r4"', '"id":r4')); // one byte shorter: the index no longer matches
    const expected = [corruptLine(sealed, 2, `invalid JSON: ${jsonError(line(4).replace('"id":"r4"', '"id":r4').trim())}`)];
    for (let open = 0; open < 2; open++) {
      const again = await reopen(dir);
      expect(again.seen).toEqual(expected);
      expect(ids((await again.store.query()).records)).toEqual(['r8', 'r7', 'r6', 'r5', 'r3', 'r2', 'r1', 'r0']);
      await again.store.close();
    }
  });

  it('message names the file, line and reason', () => {
    expect(corruptLine('/data/history-000001.jsonl', 3, 'empty line').message).toBe('file: /data/history-000001.jsonl:3: skipped a corrupt line (empty line)');
  });
});

describe('fileStore: damaged side files', () => {
  it('a breakers.json that cannot be read is reported and replaced by the next save', async () => {
    const { dir } = await storeWith(1);
    const file = join(dir, 'breakers.json');
    writeFileSync(file, '[{"name":"kraken"');
    const { store } = await reopen(dir);
    expect(store.warnings).toEqual([unreadableFile(file, jsonError('[{"name":"kraken"'))]);
    expect(await store.loadBreakers()).toEqual([]);
    await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
    await store.close();
    const again = await reopen(dir);
    expect(again.store.warnings).toEqual([]);
    expect(await again.store.loadBreakers()).toEqual([snapshot('kraken', 'OPEN', T0)]);
    await again.store.close();
  });

  it('a removed.json that cannot be read is reported; the records it removed come back', async () => {
    const { dir } = await storeWith(4);
    const store = await fileStore({ dir });
    expect(await store.prune({ maxRecords: 1 })).toBe(3);
    await store.close();
    writeFileSync(join(dir, 'removed.json'), '{"version":2}');
    const { store: again } = await reopen(dir);
    expect(again.warnings).toEqual([unreadableFile(join(dir, 'removed.json'), 'not a removed-records file of version 1')]);
    expect(await again.count()).toBe(4);
    await again.close();
  });

  it('leftover temp files of interrupted writes are removed on open; others are left alone', async () => {
    const { dir } = await storeWith(1);
    for (const name of ['breakers.json.tmp', 'removed.json.tmp', 'history-000001.idx.tmp', 'notes.tmp']) writeFileSync(join(dir, name), 'partial');
    const { store } = await reopen(dir);
    expect(['breakers.json.tmp', 'removed.json.tmp', 'history-000001.idx.tmp', 'notes.tmp'].map((f) => existsSync(join(dir, f)))).toEqual([false, false, false, true]);
    await store.close();
  });
});
