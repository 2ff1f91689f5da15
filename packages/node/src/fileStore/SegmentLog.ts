import { write } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StoreError, type HistoryFilter, type HistoryPage, type RetentionPolicy } from '@breakwater/core';
import type { Position } from './cursor.ts';
import type { EncodedBatch } from './encodeBatch.ts';
import type { FileStoreSettings } from './fileStoreSettings.ts';
import type { FileStoreWarning } from './FileStoreWarning.ts';
import { FILE_DRIVER, fsError } from './fsError.ts';
import { deleteSegment, openSegments } from './openSegments.ts';
import { planPrune } from './planPrune.ts';
import type { LogView } from './LogView.ts';
import { countLog, queryLog } from './queryLog.ts';
import { RemovedRecords } from './RemovedRecords.ts';
import { Segment } from './Segment.ts';
import { writeSegmentIndex } from './segmentIndexFile.ts';
import { SegmentReader } from './SegmentReader.ts';
import { verifyRecords } from './verifyRecords.ts';
import { syncDirectory } from './writeFileAtomic.ts';

/** What a segment looks like from outside: for operations and tests (the store's raw view of its files). */
export interface SegmentInfo {
  file: string;
  /** Records indexed in it, removed ones included. */
  records: number;
  bytes: number;
}

/**
 * The error history as a list of append-only JSON-lines segments. Only the newest is written to, through one
 * file handle opened in append mode (`a+`: every write lands at the end, and the same handle serves reads).
 * Callers serialise the calls (FileStore's queue), so nothing here has to guard against interleaving.
 *
 * Durability by `fsync` mode: every mode writes a batch with one `write` before `append` resolves, so a crashed
 * *process* loses nothing acknowledged (the data is in the OS's page cache). Against power loss: `always`
 * fdatasyncs before `append` resolves; `batch` fdatasyncs on `flush()` and `close()`, and starts syncing a
 * segment as soon as it is sealed — in the background, so the append that triggered the rotation does not wait
 * for 16 MiB to reach the disk; `flush()` waits for those syncs too (and reports their failure); `never` leaves
 * it to the OS (a power loss can cost the last seconds).
 */
export class SegmentLog implements LogView {
  readonly segments: Segment[];
  removed: RemovedRecords;
  readonly #settings: FileStoreSettings;
  readonly #warn: (warning: FileStoreWarning) => void;
  #handle: FileHandle;
  /** Written but not yet fdatasynced (`batch` mode). */
  #dirty = false;
  /** A segment was created but the directory not yet fsynced (`batch` mode). */
  #dirDirty = false;
  /** Set when a failed write could not be undone: appending further could glue onto a partial line. */
  #broken: StoreError | undefined;
  /** Background syncs of sealed segments (`batch` mode), each settling to its error, if any. */
  #sealing: Array<Promise<StoreError | undefined>> = [];

  private constructor(
    settings: FileStoreSettings,
    segments: Segment[],
    removed: RemovedRecords,
    handle: FileHandle,
    warn: (w: FileStoreWarning) => void,
  ) {
    this.#settings = settings;
    this.segments = segments;
    this.removed = removed;
    this.#handle = handle;
    this.#warn = warn;
  }

  static async open(settings: FileStoreSettings, warn: (warning: FileStoreWarning) => void): Promise<SegmentLog> {
    const { dir } = settings;
    const removed = await RemovedRecords.load(dir, warn);
    const { segments, torn } = await openSegments(dir, removed, warn);
    const created = segments.length === 0;
    if (created) segments.push(new Segment(dir, 1));
    const newest = segments.at(-1)!;
    const handle = await openForAppend(newest.file);
    try {
      if (torn) {
        // Cut the torn line off before anything is appended after it, durably: should a power loss undo the
        // cut, new lines would follow the torn bytes.
        await handle.truncate(torn.offset);
        if (settings.fsync !== 'never') await handle.datasync();
      }
      if (created && settings.fsync !== 'never') await syncDirectory(dir);
    } catch (error) {
      await handle.close();
      throw fsError('repair', newest.file, error);
    }
    return new SegmentLog(settings, segments, removed, handle, warn);
  }

  get #newest(): Segment {
    return this.segments.at(-1)!;
  }

  async append(batch: EncodedBatch): Promise<void> {
    if (this.#broken) throw this.#broken;
    const { maxFileBytes, fsync } = this.#settings;
    if (this.#newest.bytes > 0 && this.#newest.bytes + batch.bytes.length > maxFileBytes) await this.#rotate();
    const segment = this.#newest;
    const at = segment.bytes;
    try {
      let done = 0;
      while (done < batch.bytes.length) done += await writeAt(this.#handle.fd, batch.bytes, done);
    } catch (error) {
      await this.#undoWrite(segment, at);
      throw fsError('append to', segment.file, error);
    }
    for (let i = 0; i < batch.timestamps.length; i++) segment.push(at + batch.lineStarts[i]!, batch.timestamps[i]!);
    segment.bytes += batch.bytes.length;
    if (fsync === 'always') await this.#sync(segment);
    else this.#dirty = true;
  }

  /** Syncs everything written so far (per mode); a failed sync is reported after the others were done. */
  async flush(): Promise<void> {
    if (this.#settings.fsync === 'never') return;
    const sealing = this.#sealing;
    this.#sealing = [];
    const errors = await Promise.all(sealing);
    try {
      if (this.#dirty) await this.#sync(this.#newest);
      if (this.#dirDirty) {
        await syncDirectory(this.#settings.dir);
        this.#dirDirty = false;
      }
    } catch (error) {
      errors.push(error as StoreError);
    }
    const failed = errors.find((error) => error !== undefined);
    if (failed) throw failed;
  }

  /**
   * Flushes, leaves an index of the newest segment so the next open need not scan it (unless `leaveIndex` is
   * false: the store lost its lock and must not write), releases the handle.
   */
  async close(leaveIndex = true): Promise<void> {
    try {
      await this.flush();
      if (leaveIndex && !this.#broken) await writeSegmentIndex(this.#newest, false);
    } finally {
      await this.#handle.close();
    }
  }

  query(filter: HistoryFilter, limit: number, before: Position | undefined): Promise<HistoryPage> {
    return queryLog(this, filter, limit, before);
  }

  count(filter: HistoryFilter): Promise<number> {
    return countLog(this, filter);
  }

  reader(segment: Segment, blockBytes: number): Promise<SegmentReader> {
    const handle = segment === this.#newest ? this.#handle : undefined;
    return SegmentReader.open(
      segment,
      handle ? { handle, blockBytes, warn: this.#warn } : { blockBytes, warn: this.#warn },
    );
  }

  /**
   * Marks records removed and deletes segments left with none: `removed.json` is replaced first, so a crash
   * in between leaves files that the next open deletes. The newest segment is never deleted (it is written to).
   */
  async prune(retention: RetentionPolicy, now: number): Promise<number> {
    // `maxRecords` keeps that many readable records: damaged ones must be known before counting what to remove.
    if (retention.maxRecords !== undefined) await verifyRecords(this);
    const { next, count } = planPrune(this.segments, this.removed, retention, now);
    if (count === 0) return 0;
    const sync = this.#settings.fsync !== 'never';
    await next.save(this.#settings.dir, sync, this.segments);
    this.removed = next;
    const emptied = this.segments.filter((s) => s !== this.#newest && next.liveCount(s) === 0);
    for (const s of emptied) {
      await deleteSegment(s);
      this.segments.splice(this.segments.indexOf(s), 1);
    }
    if (emptied.length > 0 && sync) await syncDirectory(this.#settings.dir);
    next.keepOnly(new Set(this.segments.map((s) => s.number)));
    return count;
  }

  info(): SegmentInfo[] {
    return this.segments.map((s) => ({ file: s.file, records: s.count, bytes: s.bytes }));
  }

  /**
   * Seals the newest segment (with its sidecar index) and starts the next; then applies the store's own
   * retention, so a store with a policy keeps its disk use bounded without anyone calling prune.
   */
  async #rotate(): Promise<void> {
    const { fsync, dir } = this.#settings;
    const sealed = this.#newest;
    // Everything that can fail comes before the switch: if it fails, this append fails and the next one tries
    // again, with the store as it was. The index is derived data (checked by size and hash when read), so it
    // is never synced: a lost one only means a rescan.
    await writeSegmentIndex(sealed, false);
    const next = new Segment(dir, sealed.number + 1);
    const handle = await openForAppend(next.file);
    const old = this.#handle;
    this.#handle = handle;
    this.segments.push(next);
    if (fsync === 'batch' && this.#dirty) this.#sealing.push(syncAndClose(old, sealed.file));
    else await old.close().catch(() => {}); // nothing unsynced in it: nothing is lost if closing fails
    this.#dirty = false;
    if (fsync === 'always') await syncDirectory(dir);
    else if (fsync === 'batch') this.#dirDirty = true;
    if (this.#settings.retention) await this.prune(this.#settings.retention, this.#settings.clock.now());
  }

  async #sync(segment: Segment): Promise<void> {
    try {
      await this.#handle.datasync();
      this.#dirty = false;
    } catch (error) {
      throw fsError('sync', segment.file, error);
    }
  }

  /** After a failed write, cuts the file back to where the batch began, so no partial line stays behind. */
  async #undoWrite(segment: Segment, at: number): Promise<void> {
    try {
      await this.#handle.truncate(at);
    } catch (error) {
      this.#broken = new StoreError(
        FILE_DRIVER,
        `${segment.file} may end in a partial line after a failed write; reopen the store to repair it`,
        { cause: error },
      );
    }
  }
}

/** Syncs a sealed segment's data and closes its handle; settles to the error instead of rejecting. */
async function syncAndClose(handle: FileHandle, file: string): Promise<StoreError | undefined> {
  try {
    await handle.datasync();
    return undefined;
  } catch (error) {
    return fsError('sync', file, error);
  } finally {
    await handle.close().catch(() => {});
  }
}

async function openForAppend(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'a+');
  } catch (error) {
    throw fsError('open', file, error);
  }
}

/**
 * Writes `bytes` from `from` on at the end of the file (the handle is in append mode), resolving with the count
 * written. The callback API, not `FileHandle#write`: the promise API costs a few µs more a call, ~5% of a batch.
 */
function writeAt(fd: number, bytes: Buffer, from: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, bytes, from, bytes.length - from, null, (error, written) => (error ? reject(error) : resolve(written)));
  });
}
