import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { ErrorRecord } from '@breakwater/core';
import { afterAll, describe, expect, it } from 'vitest';
import { record, snapshot, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';
import { fileStore, type FileStore } from './fileStore.ts';
import {
  corruptLine,
  invalidRemoval,
  lostRecords,
  tornTail,
  unreadableFile,
  type FileStoreWarning,
} from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-damage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);
/** Record i's line as the store writes it (framed with its checksum). */
const line = (i: number) => encodeBatch([record(i)]).bytes.toString('utf8');
const crcHex = (text: string) => crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');

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
      const expected = [tornTail(segment, 4, size, Buffer.byteLength(tail))];
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
    expect(tornTail('/data/history-000002.jsonl', 7, 2048, 12).message).toBe(
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
    const offset = Buffer.byteLength(lines[0]! + lines[1]!) + 2;
    const expected = [
      corruptLine(segment, 3, offset, Buffer.byteLength(lines[2]) + 1, `invalid JSON: ${jsonError(lines[2])}`),
    ];
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

  it('in an older, sealed segment: found as its index is rebuilt, kept in it, reported on every open', async () => {
    const dir = join(root, `d${++n}`);
    const store = await fileStore({ dir, maxFileBytes: 3 * Buffer.byteLength(line(5)) });
    for (let i = 0; i < 9; i += 3) await store.append([record(i), record(i + 1), record(i + 2)]);
    await store.close();
    const sealed = join(dir, 'history-000002.jsonl');
    const text = readFileSync(sealed, 'utf8');
    writeFileSync(sealed, text.replace('"id":"r4"', '"id":r4')); // two bytes shorter: the index no longer matches
    const [stored, computed] = [
      JSON.stringify(record(4)),
      JSON.stringify(record(4)).replace('"id":"r4"', '"id":r4'),
    ].map(crcHex);
    // Shorter than its index says, but every record still starts inside it: none lost, r4's line is damaged.
    const expected = [
      corruptLine(
        sealed,
        2,
        Buffer.byteLength(line(3)),
        Buffer.byteLength(line(4)) - 2,
        `checksum mismatch (stored ${stored}, computed ${computed})`,
      ),
    ];
    for (let open = 0; open < 2; open++) {
      const again = await reopen(dir);
      expect(again.seen).toEqual(expected);
      expect(ids((await again.store.query()).records)).toEqual(['r8', 'r7', 'r6', 'r5', 'r3', 'r2', 'r1', 'r0']);
      await again.store.close();
    }
  });

  it('message names the file, line and reason', () => {
    expect(corruptLine('/data/history-000001.jsonl', 3, 40, 1, 'empty line').message).toBe(
      'file: /data/history-000001.jsonl:3: skipped a corrupt line (empty line)',
    );
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
    writeFileSync(join(dir, 'removed.json'), '{"version":3}');
    const { store: again } = await reopen(dir);
    expect(again.warnings).toEqual([
      unreadableFile(join(dir, 'removed.json'), 'not a removed-records file of version 1 or 2'),
    ]);
    expect(await again.count()).toBe(4);
    await again.close();
  });

  it('leftover temp files of interrupted writes are removed on open; others are left alone', async () => {
    const { dir } = await storeWith(1);
    for (const name of ['breakers.json.tmp', 'removed.json.tmp', 'history-000001.idx.tmp', 'notes.tmp'])
      writeFileSync(join(dir, name), 'partial');
    const { store } = await reopen(dir);
    expect(
      ['breakers.json.tmp', 'removed.json.tmp', 'history-000001.idx.tmp', 'notes.tmp'].map((f) =>
        existsSync(join(dir, f)),
      ),
    ).toEqual([false, false, false, true]);
    await store.close();
  });
});

/**
 * A closed store of r0 … r8, three records (one batch) per segment: history-000001 … 000003, each indexed.
 * `at(i)` is where record ri's line starts in its segment and, for i = 3, 6, 9, where the segment before ends
 * (lines differ in length).
 */
async function threeSegments() {
  const len = (i: number) => Buffer.byteLength(line(i));
  const { dir } = await storeWith(0);
  const store = await fileStore({
    dir,
    maxFileBytes: Math.max(...[0, 3, 6].map((i) => len(i) + len(i + 1) + len(i + 2))),
  });
  for (let i = 0; i < 9; i += 3) await store.append([record(i), record(i + 1), record(i + 2)]);
  await store.close();
  expect(store.segments().map((s) => s.records)).toEqual([3, 3, 3]);
  const seg = (k: number) => join(dir, `history-00000${k}.jsonl`);
  const at = (i: number) => {
    let offset = 0;
    for (let j = i - (i % 3 === 0 && i > 0 ? 3 : i % 3); j < i; j++) offset += len(j);
    return offset;
  };
  return { dir, seg, at };
}

describe('fileStore: segments cross-checked against their sidecar indexes', () => {
  const shorter = 'the file is shorter than its index says';

  it('a sealed segment cut at a line boundary: records past the cut reported lost, with ranges, once', async () => {
    const { dir, seg, at } = await threeSegments();
    truncateSync(seg(2), at(4)); // keeps r3; r4 and r5 are gone
    const { store, seen } = await reopen(dir);
    expect(ids((await store.query()).records)).toEqual(['r8', 'r7', 'r6', 'r3', 'r2', 'r1', 'r0']);
    expect(seen.map((w) => w.type)).toEqual(['store.lost-records']);
    expect(seen).toEqual([lostRecords(seg(2), { from: 1, to: 3 }, at(4), at(6) - at(4), shorter)]);
    expect(seen[0]!.message).toBe(
      `file: ${seg(2)}: lost 2 records (records 1–2, bytes ${at(4)}–${at(6) - 1}): ${shorter}`,
    );
    expect(await store.count()).toBe(7);
    await store.close();
    expect((await reopen(dir)).seen).toEqual([]);
  });

  it('an emptied segment: all its records are reported lost', async () => {
    const { dir, seg, at } = await threeSegments();
    truncateSync(seg(2), 0);
    const { store, seen } = await reopen(dir);
    expect(seen.map((w) => w.type)).toEqual(['store.lost-records']);
    expect(seen).toEqual([lostRecords(seg(2), { from: 0, to: 3 }, 0, at(6), shorter)]);
    expect(await store.count()).toBe(6);
    await store.close();
  });

  it('a deleted segment whose index is left: its records are reported lost, once, and the index removed', async () => {
    const { dir, seg, at } = await threeSegments();
    rmSync(seg(2));
    const { store, seen } = await reopen(dir);
    expect(seen.map((w) => w.type)).toEqual(['store.lost-records']);
    expect(seen).toEqual([lostRecords(seg(2), { from: 0, to: 3 }, 0, at(6), 'the file is missing')]);
    expect(ids((await store.query()).records)).toEqual(['r8', 'r7', 'r6', 'r2', 'r1', 'r0']);
    expect(existsSync(join(dir, 'history-000002.idx'))).toBe(false);
    await store.close();
    expect((await reopen(dir)).seen).toEqual([]);
  });

  it('the newest segment cut after a clean close (its index written then): reported like a sealed one', async () => {
    const { dir, seg, at } = await threeSegments();
    truncateSync(seg(3), at(8)); // r8 is gone
    const { store, seen } = await reopen(dir);
    expect(seen.map((w) => w.type)).toEqual(['store.lost-records']);
    expect(seen).toEqual([lostRecords(seg(3), { from: 2, to: 3 }, at(8), at(9) - at(8), shorter)]);
    const bytes = `bytes ${at(8)}–${at(9) - 1}`;
    expect(seen[0]!.message).toBe(`file: ${seg(3)}: lost 1 record (record 2, ${bytes}): ${shorter}`);
    await store.append([record(9)]);
    expect(ids((await store.query({ limit: 2 })).records)).toEqual(['r9', 'r7']);
    await store.close();
    expect((await reopen(dir)).seen).toEqual([]);
  });

  it('a cut mid-line: the torn line is reported as such, the whole records after it as lost', async () => {
    const { dir, seg, at } = await threeSegments();
    truncateSync(seg(2), at(4) + 10); // r3 whole, 10 bytes of r4, r5 gone
    const { store, seen } = await reopen(dir);
    expect(seen.map((w) => w.type)).toEqual(['store.corrupt-line', 'store.lost-records']);
    expect(seen).toEqual([
      corruptLine(seg(2), 2, at(4), 10, 'invalid checksum frame (no newline at the end)'),
      lostRecords(seg(2), { from: 2, to: 3 }, at(5), at(6) - at(5), shorter),
    ]);
    expect(await store.count()).toBe(7);
    await store.close();
  });

  it('records that prune removed are not reported lost', async () => {
    const { dir, seg, at } = await threeSegments();
    const store = await fileStore({ dir });
    expect(await store.prune({ maxRecords: 5 })).toBe(4); // segment 1 deleted; r3 removed, r4 and r5 live
    await store.close();
    truncateSync(seg(2), 0);
    const { store: again, seen } = await reopen(dir);
    expect(seen.map((w) => w.type)).toEqual(['store.lost-records']);
    expect(seen).toEqual([lostRecords(seg(2), { from: 1, to: 3 }, at(4), at(6) - at(4), shorter)]);
    expect(await again.count()).toBe(3);
    await again.close();
  });
});

describe('fileStore: per-record checksums', () => {
  /** Changes one character of r1's message in place: same size, so the index is still trusted. */
  function flipInR1(segment: string) {
    const text = readFileSync(segment, 'utf8');
    writeFileSync(segment, text.replace('failure number 1"', 'failure numbez 1"'));
  }
  const mismatch = () => {
    const stored = JSON.stringify(record(1));
    const flipped = stored.replace('failure number 1"', 'failure numbez 1"');
    return `checksum mismatch (stored ${crcHex(stored)}, computed ${crcHex(flipped)})`;
  };

  it('a byte changed inside a string: the record is never returned altered, but skipped and reported', async () => {
    const { dir, segment } = await storeWith(3);
    flipInR1(segment);
    const { store, seen } = await reopen(dir);
    expect((await store.query()).records).toEqual([record(2), record(0)]);
    expect(seen).toEqual([corruptLine(segment, 2, Buffer.byteLength(line(0)), Buffer.byteLength(line(1)), mismatch())]);
    await store.close();
  });

  it('count() counts only readable records, before any query has read them (each reported once)', async () => {
    const { dir, segment } = await storeWith(3);
    flipInR1(segment);
    const { store, seen } = await reopen(dir);
    expect(await store.count()).toBe(2);
    expect(await store.count({ from: T0 })).toBe(2);
    expect(seen).toEqual([corruptLine(segment, 2, Buffer.byteLength(line(0)), Buffer.byteLength(line(1)), mismatch())]);
    expect(ids((await store.query()).records)).toEqual(['r2', 'r0']);
    expect(seen).toHaveLength(1);
    await store.close();
  });

  it('prune by maxRecords keeps that many readable records', async () => {
    const { dir, segment } = await storeWith(3);
    flipInR1(segment);
    const { store } = await reopen(dir);
    expect(await store.prune({ maxRecords: 2 })).toBe(0);
    expect(ids((await store.query()).records)).toEqual(['r2', 'r0']);
    await store.close();
  });

  it("the newest segment's last newline damaged: its line is cut off as torn; the next append starts one", async () => {
    const { dir, segment } = await storeWith(3);
    const size = statSync(segment).size;
    const text = readFileSync(segment, 'utf8');
    writeFileSync(segment, text.slice(0, -1) + ' ');
    const { store, seen } = await reopen(dir);
    const last = Buffer.byteLength(line(2));
    expect(seen).toEqual([tornTail(segment, 3, size - last, last)]);
    await store.append([record(3)]);
    await store.close();
    const again = await reopen(dir);
    expect(ids((await again.store.query()).records)).toEqual(['r3', 'r1', 'r0']);
    expect(again.seen).toEqual([]);
    await again.store.close();
  });

  it('lines written before checksums are read as they are; new lines are framed after them', async () => {
    const dir = join(root, `d${++n}`);
    const segment = join(dir, 'history-000001.jsonl');
    const legacy = [0, 1, 2].map((i) => JSON.stringify(record(i)) + '\n').join('');
    mkdirSync(dir);
    writeFileSync(segment, legacy);
    const { store, seen } = await reopen(dir);
    expect((await store.query()).records).toEqual([record(2), record(1), record(0)]);
    await store.append([record(3)]);
    await store.close();
    expect(readFileSync(segment, 'utf8')).toBe(legacy + line(3));
    const again = await reopen(dir);
    expect(await again.store.count()).toBe(4);
    expect((await again.store.query()).records).toEqual([3, 2, 1, 0].map((i) => record(i)));
    await again.store.close();
    expect([...seen, ...again.seen]).toEqual([]);
  });
});

describe('fileStore: removed.json entries validated', () => {
  const removedFile = (dir: string) => join(dir, 'removed.json');

  it('a negative start is reported and the entry ignored: the count never exceeds the records', async () => {
    const { dir } = await storeWith(4);
    writeFileSync(removedFile(dir), '{"version":1,"segments":{"1":{"start":-3,"dropped":[]}}}');
    const { store, seen } = await reopen(dir);
    expect(await store.count()).toBe(4);
    expect(ids((await store.query()).records)).toEqual(['r3', 'r2', 'r1', 'r0']);
    expect(seen).toEqual([invalidRemoval(removedFile(dir), '1', 'start must be an integer >= 0, got -3')]);
    expect(seen[0]!.message).toBe(
      `file: ${removedFile(dir)}: ignored the entry for segment 1 (start must be an integer >= 0, got -3)`,
    );
    await store.close();
  });

  it('a removal below start or not an integer is reported, its entry ignored; other entries still apply', async () => {
    const { dir } = await storeWith(4);
    writeFileSync(
      removedFile(dir),
      '{"version":1,"segments":{"1":{"start":2,"dropped":[0]},"2":{"start":1.5,"dropped":[]}}}',
    );
    const { store, seen } = await reopen(dir);
    expect(await store.count()).toBe(4);
    expect(ids((await store.query()).records)).toEqual(['r3', 'r2', 'r1', 'r0']);
    expect(seen).toEqual([
      invalidRemoval(removedFile(dir), '1', 'dropped must hold integers above start 2, got 0'),
      invalidRemoval(removedFile(dir), '2', 'start must be an integer >= 0, got 1.5'),
    ]);
    await store.close();
  });

  it('a version 1 file (record indexes, no checksum) still applies', async () => {
    const { dir } = await storeWith(4);
    writeFileSync(removedFile(dir), '{"version":1,"segments":{"1":{"start":1,"dropped":[2]}}}');
    const { store, seen } = await reopen(dir);
    expect(ids((await store.query()).records)).toEqual(['r3', 'r1']);
    expect(await store.count()).toBe(2);
    expect(seen).toEqual([]);
    await store.close();
  });

  it('removals kept by byte offset: a removed line damaged and rescanned shifts none onto live ones', async () => {
    const { dir, segment } = await storeWith(3);
    const store = await fileStore({ dir });
    expect(await store.prune({ maxRecords: 2 })).toBe(1); // r0
    await store.close();
    // r0's line damaged in place and the index gone: the rescan no longer counts r0 as a record, so r1 is the
    // segment's first record. Removed by index ("the first one"), r1 would vanish without a word.
    writeFileSync(segment, readFileSync(segment, 'utf8').replace('failure number 0', 'failure number X'));
    rmSync(join(dir, 'history-000001.idx'));
    const { store: again, seen } = await reopen(dir);
    expect(ids((await again.query()).records)).toEqual(['r2', 'r1']);
    expect(await again.count()).toBe(2);
    expect(seen.map((w) => [w.type, 'line' in w ? w.line : 0])).toEqual([['store.corrupt-line', 1]]);
    await again.close();
  });

  it('a changed digit fails the checksum: the file is ignored, so records come back rather than more go', async () => {
    const { dir } = await storeWith(4);
    const store = await fileStore({ dir });
    expect(await store.prune({ maxRecords: 3 })).toBe(1);
    await store.close();
    const before = Buffer.byteLength(line(0));
    writeFileSync(
      removedFile(dir),
      readFileSync(removedFile(dir), 'utf8').replace(`"before":${before}`, `"before":${before + 1000}`),
    );
    const { store: again, seen } = await reopen(dir);
    expect(await again.count()).toBe(4);
    expect(seen).toEqual([unreadableFile(removedFile(dir), 'checksum mismatch')]);
    await again.close();
  });
});
