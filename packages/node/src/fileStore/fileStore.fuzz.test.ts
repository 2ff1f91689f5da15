import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ErrorRecord, type HistoryStore, type Random } from '@breakwater/core';
import { seededRandom } from '@breakwater/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore } from './fileStore.ts';
import type { FileStoreWarning } from './FileStoreWarning.ts';

/**
 * Damage at random, many times over: truncations (anywhere, or at a line boundary), flipped bytes and deleted or
 * emptied files — segments, their sidecar indexes, removed.json — then reopen and read everything. The store must
 * never throw, never return a record that differs by one byte from one that was written, count exactly what it
 * returns, and account for every record it held and no longer returns with a warning whose byte range covers
 * the record's line. (Not asked of it: knowing about records once a segment *and* its index are both damaged
 * in a way that changes the segment's size — then nothing is left that remembers them.)
 */
const TRIALS = 240;
const root = mkdtempSync(join(tmpdir(), 'breakwater-file-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Where a stored record's line is, before the damage. */
interface Place {
  file: string;
  offset: number;
  end: number;
}

const TEXT = ['timeout', 'ECONNRESET', 'ü', '"', '\\', '\n', '𝄞', ' ', 'x'.repeat(40)];

function randomRecord(i: number, random: Random): ErrorRecord {
  const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => TEXT[Math.floor(random() * TEXT.length)]!);
  return record(i, {
    message: parts.join(''),
    metadata: { attempt: Math.floor(random() * 5), price: random() * 1000 },
  });
}

async function readAll(store: HistoryStore): Promise<ErrorRecord[]> {
  const out: ErrorRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? { limit: 4 } : { limit: 4, cursor });
    out.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** Every record line of every segment, by record id (read from the files themselves, undamaged). */
function locate(dir: string): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    const file = join(dir, name);
    const bytes = readFileSync(file);
    let offset = 0;
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, offset)) {
      const [, stored] = JSON.parse(bytes.toString('utf8', offset, end)) as [string, ErrorRecord];
      places.set(stored.id, { file, offset, end: end + 1 });
      offset = end + 1;
    }
  }
  return places;
}

/** Damages one to three files of the store; returns what it did, for the failure message. */
function damage(dir: string, random: Random): string[] {
  const int = (n: number) => Math.floor(random() * n);
  const files = readdirSync(dir).filter((f) => /^history-\d+\.(jsonl|idx)$|^removed\.json$/.test(f));
  const done: string[] = [];
  /** Segments whose size changed, and segments whose index was damaged: never both for one segment. */
  const resized = new Set<string>();
  const indexDamaged = new Set<string>();
  const wanted = 1 + int(3);
  for (let tries = 0; done.length < wanted && tries < 10 && files.length > 0; tries++) {
    const name = files.splice(int(files.length), 1)[0]!;
    const file = join(dir, name);
    const base = name.replace(/\.(jsonl|idx)$/, '');
    const size = statSync(file).size;
    const isSegment = name.endsWith('.jsonl');
    const actions = isSegment
      ? ['flip', 'flip', 'truncate', 'truncate-line', 'empty', 'delete']
      : ['flip', 'truncate', 'delete'];
    const action = actions[int(actions.length)]!;
    const changesSize = action !== 'flip';
    if (isSegment && changesSize && indexDamaged.has(base)) continue;
    if (name.endsWith('.idx') && resized.has(base)) continue;
    if (isSegment && changesSize) resized.add(base);
    if (name.endsWith('.idx')) indexDamaged.add(base);
    if (action === 'delete') rmSync(file);
    else if (action === 'empty') truncateSync(file, 0);
    else if (action === 'truncate') truncateSync(file, int(size));
    else if (action === 'truncate-line') {
      const text = readFileSync(file);
      const ends = [0];
      for (let at = text.indexOf(10); at !== -1 && at + 1 < size; at = text.indexOf(10, at + 1)) ends.push(at + 1);
      truncateSync(file, ends[int(ends.length)]!);
    } else {
      const bytes = readFileSync(file);
      const flips = [];
      for (let k = 1 + int(3); k > 0 && bytes.length > 0; k--) {
        const at = int(bytes.length);
        bytes[at]! ^= 1 + int(255);
        flips.push(at);
      }
      writeFileSync(file, bytes);
      done.push(`${name}: flip at ${flips.join(', ')}`);
      continue;
    }
    done.push(`${name}: ${action}${action.startsWith('truncate') ? ` to ${statSync(file).size} of ${size}` : ''}`);
  }
  return done;
}

/** Whether the warning accounts for the record whose line was at `place`. */
function covers(warning: FileStoreWarning, place: Place): boolean {
  if (
    warning.type !== 'store.corrupt-line' &&
    warning.type !== 'store.torn-tail' &&
    warning.type !== 'store.lost-records'
  )
    return false;
  return warning.file === place.file && warning.offset < place.end && place.offset < warning.offset + warning.bytes;
}

describe('fileStore: fuzzed damage', () => {
  it(`${TRIALS} trials: never a crash or an altered record, every missing record covered by a warning`, async () => {
    const problems: string[] = [];
    let reported = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const random = seededRandom(0xb0a7 + trial);
      const int = (n: number) => Math.floor(random() * n);
      const dir = join(root, `t${trial}`);
      const store = await fileStore({ dir, maxFileBytes: 600 + int(1400), fsync: 'never' });
      const written = new Map<string, string>();
      let next = 0;
      for (let b = 2 + int(8); b > 0; b--) {
        const batch = Array.from({ length: 1 + int(4) }, () => randomRecord(next++, random));
        for (const r of batch) written.set(r.id, JSON.stringify(r));
        await store.append(batch);
      }
      if (random() < 0.3) await store.prune({ maxRecords: Math.max(1, next - 1 - int(8)) });
      const live = (await readAll(store)).map((r) => r.id);
      await store.close();
      const places = locate(dir);
      const what = damage(dir, random);
      const context = `trial ${trial} (${what.join('; ')})`;

      const warnings: FileStoreWarning[] = [];
      let read: ErrorRecord[];
      let count: number;
      try {
        const again = await fileStore({ dir, onWarning: (w) => warnings.push(w) });
        read = await readAll(again);
        count = await again.count();
        await again.close();
      } catch (error) {
        problems.push(`${context}: threw ${String(error)}`);
        continue;
      }
      reported += warnings.length;
      const seen = new Set<string>();
      for (const r of read) {
        if (written.get(r.id) !== JSON.stringify(r))
          problems.push(`${context}: ${r.id} read back altered: ${JSON.stringify(r)}`);
        if (seen.has(r.id)) problems.push(`${context}: ${r.id} read back twice`);
        seen.add(r.id);
      }
      if (count !== read.length) problems.push(`${context}: count() is ${count}, a query returned ${read.length}`);
      for (const id of live) {
        if (seen.has(id)) continue;
        const place = places.get(id)!;
        if (!warnings.some((w) => covers(w, place)))
          problems.push(
            `${context}: ${id} (${place.file} bytes ${place.offset}–${place.end - 1}) is missing ` +
              `and no warning covers it: ${JSON.stringify(warnings.map((w) => w.message))}`,
          );
      }

      // Repaired, the store stays as it is: the next open reads the same records.
      try {
        const third = await fileStore({ dir });
        const ids = (await readAll(third)).map((r) => r.id);
        await third.close();
        if (ids.join() !== read.map((r) => r.id).join())
          problems.push(`${context}: the next open read ${ids.join()} instead of ${read.map((r) => r.id).join()}`);
      } catch (error) {
        problems.push(`${context}: the next open threw ${String(error)}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    expect(reported).toBeGreaterThan(TRIALS / 2); // the damage mostly hits something
  }, 60_000);
});
