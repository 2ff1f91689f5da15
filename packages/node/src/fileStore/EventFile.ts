import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HISTORY_EVENT_TYPES,
  StoreError,
  type EventPage,
  type EventQuery,
  type HistoryEvent,
  type RetentionPolicy,
} from '@breakwater/core';
import { eventInRange } from '@breakwater/core/store-kit';
import { errorCode, FILE_DRIVER, fsError } from './fsError.ts';
import { corruptLine, tornTail, type FileStoreWarning } from './FileStoreWarning.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export const EVENTS_FILE = 'events.jsonl';

interface Entry {
  /** Position ever appended: cursors name it, so they survive pruning. */
  seq: number;
  event: HistoryEvent;
}

/**
 * Breaker transitions and mode switches, one JSON line each (`[seq,{…event…}]`), appended in order. They are
 * few (a transition per breaker per incident), so the whole file is held in memory and read on open; prune
 * rewrites it atomically. A torn last line (a write that never completed) is cut off on the next append and
 * reported; a corrupt line elsewhere is skipped and reported, like the records' segments.
 */
export class EventFile {
  readonly file: string;
  #entries: Entry[];
  #nextSeq: number;
  #handle: FileHandle | undefined;
  /** Bytes of whole lines: where the next append goes (past a torn tail, which it overwrites). */
  #size: number;

  private constructor(file: string, entries: Entry[], size: number) {
    this.file = file;
    this.#entries = entries;
    this.#nextSeq = (entries[entries.length - 1]?.seq ?? -1) + 1;
    this.#size = size;
  }

  static async open(dir: string, warn: (warning: FileStoreWarning) => void): Promise<EventFile> {
    const file = join(dir, EVENTS_FILE);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new EventFile(file, [], 0);
      throw fsError('read', file, error);
    }
    const entries: Entry[] = [];
    let offset = 0;
    let line = 0;
    while (offset < bytes.length) {
      line++;
      const end = bytes.indexOf(0x0a, offset);
      if (end < 0) {
        warn(tornTail(file, line, offset, bytes.length - offset));
        break;
      }
      const reason = readLine(bytes.toString('utf8', offset, end), entries);
      if (reason) warn(corruptLine(file, line, offset, end + 1 - offset, reason));
      offset = end + 1;
    }
    return new EventFile(file, entries, offset);
  }

  async append(events: readonly HistoryEvent[], sync: boolean): Promise<void> {
    const added = events.map((event, i) => ({ seq: this.#nextSeq + i, event: structuredClone(event) }));
    const text = added.map((e) => `${JSON.stringify([e.seq, e.event])}\n`).join('');
    const data = Buffer.from(text, 'utf8');
    try {
      let handle = this.#handle;
      if (!handle) {
        handle = await open(this.file, 'a');
        await handle.truncate(this.#size); // a torn tail goes before anything is glued to it
        this.#handle = handle;
      }
      // One write per batch, at the end (append mode), which is `#size` after the truncation.
      await handle.write(data, 0, data.length);
      if (sync) await handle.datasync();
    } catch (error) {
      throw fsError('write', this.file, error);
    }
    this.#size += data.length;
    this.#nextSeq += added.length;
    this.#entries.push(...added);
  }

  query(query: EventQuery, limit: number): EventPage {
    const before = query.cursor === undefined ? Infinity : cursorSeq(query.cursor);
    const events: HistoryEvent[] = [];
    let lastSeq = 0;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.seq >= before || !eventInRange(entry.event, query)) continue;
      if (events.length === limit) return { events, nextCursor: `e${lastSeq}` };
      events.push(structuredClone(entry.event));
      lastSeq = entry.seq;
    }
    return { events };
  }

  /** Applies `retention` (by `at`, then by count); rewrites the file only when something goes. */
  async prune(retention: RetentionPolicy, now: number, sync: boolean): Promise<number> {
    let kept = this.#entries;
    if (retention.maxAgeMs !== undefined) kept = kept.filter((e) => e.event.at >= now - retention.maxAgeMs!);
    if (retention.maxRecords !== undefined && kept.length > retention.maxRecords)
      kept = kept.slice(kept.length - retention.maxRecords);
    const removed = this.#entries.length - kept.length;
    if (removed === 0) return 0;
    const text = kept.map((e) => `${JSON.stringify([e.seq, e.event])}\n`).join('');
    await this.#handle?.close().catch(() => {});
    this.#handle = undefined;
    await writeFileAtomic(this.file, text, sync);
    this.#entries = kept;
    this.#size = Buffer.byteLength(text);
    return removed;
  }

  async flush(): Promise<void> {
    try {
      await this.#handle?.datasync();
    } catch (error) {
      throw fsError('sync', this.file, error);
    }
  }

  async close(sync: boolean): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (!handle) return;
    try {
      if (sync) await handle.datasync();
    } finally {
      await handle.close();
    }
  }
}

/** Reads one line into `entries`; returns why it is not an event line, or undefined. */
function readLine(text: string, entries: Entry[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[0]))
    return 'not a [seq, event] line';
  const event = parsed[1] as HistoryEvent | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    !HISTORY_EVENT_TYPES.includes(event.type) ||
    !Number.isFinite(event.at)
  )
    return 'not a history event';
  const last = entries[entries.length - 1];
  if (last && parsed[0] <= last.seq) return 'out of order';
  entries.push({ seq: parsed[0], event });
  return undefined;
}

function cursorSeq(cursor: string): number {
  const match = typeof cursor === 'string' ? /^e(\d{1,15})$/.exec(cursor) : null;
  if (!match)
    throw new StoreError(FILE_DRIVER, `queryEvents: cursor ${JSON.stringify(cursor)} is not one of this store's`);
  return Number(match[1]);
}
