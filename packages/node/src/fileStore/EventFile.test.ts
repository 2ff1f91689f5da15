import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@breakwater/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { historyEvent, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore } from './fileStore.ts';
import { corruptLine, tornTail, type FileStoreWarning } from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-event-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `s${++n}`);
const lineOf = (seq: number, i: number) => `${JSON.stringify([seq, historyEvent(i)])}\n`;

describe('fileStore: events.jsonl', () => {
  it('one [seq, event] line per event, in append order', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir, clock: new ManualClock(T0) });
    await store.appendEvents([historyEvent(0), historyEvent(1)]);
    await store.appendEvents([historyEvent(2)]);
    await store.close();
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe(lineOf(0, 0) + lineOf(1, 1) + lineOf(2, 2));
  });

  it('skips and reports a corrupt line, cuts off a torn last line before the next append', async () => {
    const dir = freshDir();
    const first = await fileStore({ dir, clock: new ManualClock(T0) });
    await first.appendEvents([historyEvent(0)]);
    await first.close();
    const file = join(dir, 'events.jsonl');
    appendFileSync(file, 'garbage\n' + lineOf(1, 1) + '[2,{"type":"bre');
    const warnings: FileStoreWarning[] = [];
    const store = await fileStore({ dir, clock: new ManualClock(T0), onWarning: (w) => warnings.push(w) });
    const good = Buffer.byteLength(lineOf(0, 0));
    expect(warnings).toEqual([
      corruptLine(file, 2, good, 8, 'not JSON'),
      tornTail(file, 4, good + 8 + Buffer.byteLength(lineOf(1, 1)), 15),
    ]);
    expect((await store.queryEvents()).events).toEqual([historyEvent(1), historyEvent(0)]);
    await store.appendEvents([historyEvent(2)]);
    await store.close();
    expect(readFileSync(file, 'utf8')).toBe(lineOf(0, 0) + 'garbage\n' + lineOf(1, 1) + lineOf(2, 2));
  });

  it('prune rewrites the file with what is kept; cursors given before stay valid', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir, clock: new ManualClock(T0) });
    await store.appendEvents([0, 1, 2, 3, 4].map(historyEvent));
    const page = await store.queryEvents({ limit: 1 });
    expect(await store.prune({ maxRecords: 3 })).toBe(2);
    expect((await store.queryEvents({ cursor: page.nextCursor! })).events).toEqual([historyEvent(3), historyEvent(2)]);
    await store.close();
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe(lineOf(2, 2) + lineOf(3, 3) + lineOf(4, 4));
    writeFileSync(join(dir, 'events.jsonl.tmp'), 'left by a crash');
    const again = await fileStore({ dir, clock: new ManualClock(T0) });
    await again.appendEvents([historyEvent(5)]);
    expect((await again.queryEvents({ limit: 2 })).events).toEqual([historyEvent(5), historyEvent(4)]);
    await again.close();
  });
});
