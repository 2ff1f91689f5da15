import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EventStream,
  StoreError,
  type CircuitBreakerSnapshot,
  type EventPage,
  type EventQuery,
  type HistoryEvent,
  type HistoryFilter,
  type HistoryQuery,
  type HistoryStore,
  type Unsubscribe,
} from '@breakwater/core';
import { checkEvents, checkRecords, checkRetention, checkSnapshots, queryLimit } from '@breakwater/core/store-kit';
import { BreakerFile } from './BreakerFile.ts';
import { decodeCursor } from './cursor.ts';
import { acquireDirectoryLock } from './DirectoryLock.ts';
import { encodeBatch } from './encodeBatch.ts';
import { EventFile } from './EventFile.ts';
import { fileStoreSettings, type FileStoreOptions } from './fileStoreSettings.ts';
import type { FileStoreWarning } from './FileStoreWarning.ts';
import { FILE_DRIVER, fsError } from './fsError.ts';
import { SegmentLog, type SegmentInfo } from './SegmentLog.ts';
import { TEMP_SUFFIX } from './writeFileAtomic.ts';

/** Warnings kept in `store.warnings`; later ones still reach `onWarning` and subscribers. */
const MAX_KEPT_WARNINGS = 1000;

export interface FileStore extends HistoryStore {
  readonly driver: typeof FILE_DRIVER;
  /** The store's directory, absolute. */
  readonly dir: string;
  /** Warnings reported since the store was opened (the first 1000), oldest first: damage found and worked around. */
  readonly warnings: readonly FileStoreWarning[];
  /** Warnings from now on (those found while opening: `warnings`, or pass `onWarning`). Returns the way to stop. */
  subscribe(listener: (warning: FileStoreWarning) => void): Unsubscribe;
  /** The segment files, oldest first (the raw view, for operations and tests). */
  segments(): SegmentInfo[];
  appendEvents(events: readonly HistoryEvent[]): Promise<void>;
  queryEvents(query?: EventQuery): Promise<EventPage>;
}

/**
 * A durable HistoryStore in a directory: error records in append-only JSON-lines segments
 * (`history-000001.jsonl`, …, a new one every `maxFileBytes`), breaker snapshots in `breakers.json`. Opening is
 * async — it takes the directory's lock and indexes the segments — so `await fileStore({ dir })`.
 *
 * Files: `.lock` or `.lock.<n>` (owner's pid; see DirectoryLock), `history-NNNNNN.jsonl` (one record per line, in
 * append order, each with the CRC-32 of its JSON: `["1a2b3c4d",{…}]`, see recordFrame), `history-NNNNNN.idx`
 * (sidecar index of a sealed segment, rebuilt when missing), `removed.json` (what prune removed), `breakers.json`,
 * `events.jsonl` (breaker transitions and mode switches, see EventFile).
 *
 * Crash safety: `append` resolves after its batch is written with one `write`, so a killed process loses at
 * most the batches not yet acknowledged; see `fsync` for power loss. A batch is not a transaction: one cut
 * short by a crash may leave its first whole lines (never acknowledged, so allowed either way). On open, a torn
 * last line is cut off and a corrupt line anywhere is skipped, each reported (`warnings`, `onWarning`) with its
 * file, line and bytes; every other line stays readable.
 *
 * Damage: a record that fails its checksum is skipped and reported, never returned altered; segments shorter
 * than their index says, or missing while their index is there, are reported as lost records (record and byte
 * ranges); `count()` counts only readable records. Every record the store no longer returns is covered by a
 * warning — except when a segment and its index are both damaged, so that nothing remembers what was there.
 *
 * Reading: an in-memory index (offset and timestamp of every record, 12 bytes each) finds the newest records,
 * read with a positioned read or two from the end, so a page costs the same at a million records as at ten.
 * Opening builds it from the sealed segments' sidecar indexes and one scan of the newest segment (≤
 * `maxFileBytes`): ~0.2 s for a million records. Calls run one at a time, in call order.
 */
export async function fileStore(options: FileStoreOptions): Promise<FileStore> {
  const settings = fileStoreSettings(options);
  const { dir } = settings;
  const events = new EventStream<FileStoreWarning>();
  const warnings: FileStoreWarning[] = [];
  const warn = (warning: FileStoreWarning) => {
    if (warnings.length < MAX_KEPT_WARNINGS) warnings.push(warning);
    events.emit(warning);
  };
  if (options.onWarning) events.subscribe(options.onWarning);

  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw fsError('create directory', dir, error);
  }
  const lock = await acquireDirectoryLock(dir, warn);
  let log: SegmentLog;
  let breakers: BreakerFile;
  let eventFile: EventFile;
  try {
    await removeTempFiles(dir);
    breakers = await BreakerFile.open(dir, warn);
    eventFile = await EventFile.open(dir, warn);
    log = await SegmentLog.open(settings, warn);
  } catch (error) {
    await lock.release();
    throw error;
  }

  // One call at a time, in call order: appends never interleave, and a query never sees a prune half done.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = tail.then(operation);
    tail = result.catch(() => {});
    return result;
  };
  let closing: Promise<void> | undefined;
  const assertOpen = () => {
    if (closing) throw new StoreError(FILE_DRIVER, 'store is closed');
  };
  const sync = settings.fsync !== 'never';

  return {
    driver: FILE_DRIVER,
    dir,
    warnings,
    subscribe: (listener) => events.subscribe(listener),
    segments: () => log.info(),
    async append(records) {
      assertOpen();
      checkRecords(FILE_DRIVER, records);
      if (records.length === 0) return;
      const batch = encodeBatch(records);
      return serial(() => {
        lock.check(true);
        return log.append(batch);
      });
    },
    async appendEvents(events) {
      assertOpen();
      checkEvents(FILE_DRIVER, events);
      if (events.length === 0) return;
      return serial(() => {
        lock.check();
        return eventFile.append(events, settings.fsync === 'always');
      });
    },
    async queryEvents(query: EventQuery = {}) {
      assertOpen();
      const limit = queryLimit(FILE_DRIVER, query, 'queryEvents');
      return serial(async () => eventFile.query(query, limit));
    },
    async query(query: HistoryQuery = {}) {
      assertOpen();
      const limit = queryLimit(FILE_DRIVER, query);
      const { cursor } = query;
      return serial(() =>
        log.query(query, limit, cursor === undefined ? undefined : decodeCursor(cursor, log.segments)),
      );
    },
    async count(filter: HistoryFilter = {}) {
      assertOpen();
      return serial(() => log.count(filter));
    },
    async prune(retention = settings.retention ?? {}) {
      assertOpen();
      checkRetention(FILE_DRIVER, retention);
      return serial(async () => {
        lock.check();
        const now = settings.clock.now();
        return (await log.prune(retention, now)) + (await eventFile.prune(retention, now, sync));
      });
    },
    async saveBreakers(snapshots: readonly CircuitBreakerSnapshot[]) {
      assertOpen();
      checkSnapshots(FILE_DRIVER, snapshots);
      const copies = JSON.parse(JSON.stringify(snapshots)) as CircuitBreakerSnapshot[];
      return serial(() => {
        lock.check();
        return breakers.save(copies, sync);
      });
    },
    async loadBreakers() {
      assertOpen();
      return serial(async () => breakers.list());
    },
    async flush() {
      assertOpen();
      return serial(async () => {
        await log.flush();
        if (sync) await eventFile.flush();
      });
    },
    close() {
      closing ??= serial(async () => {
        // A store that lost its lock writes nothing more (no index), leaves the new owner's lock alone and
        // says why it did not close cleanly.
        let lost: unknown;
        try {
          lock.check();
        } catch (error) {
          lost = error;
        }
        try {
          try {
            await log.close(lost === undefined);
          } finally {
            await eventFile.close(sync && lost === undefined);
          }
        } finally {
          await lock.release();
        }
        if (lost !== undefined) throw lost;
      });
      return closing;
    },
  };
}

/** Temp files of writes a crash interrupted (`breakers.json.tmp`, …): never the real thing, safe to remove. */
async function removeTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw fsError('read directory', dir, error);
  }
  const ours = /^(breakers\.json|removed\.json|events\.jsonl|history-\d{6,}\.idx)\.tmp$/;
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX) || !ours.test(name)) continue;
    await rm(join(dir, name), { force: true }).catch((error: unknown) => {
      throw fsError('remove', join(dir, name), error);
    });
  }
}
