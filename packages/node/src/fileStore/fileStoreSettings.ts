import { StoreError, systemClock, type Clock, type RetentionPolicy } from '@breakwater/core';
import { checkRetention } from '@breakwater/core/store-kit';
import { resolve } from 'node:path';
import { FILE_DRIVER } from './fsError.ts';
import type { FileStoreWarning } from './FileStoreWarning.ts';

export type FsyncMode = 'always' | 'batch' | 'never';

export interface FileStoreOptions {
  /** The store's directory; created if missing. One store (one process) at a time: it is locked while open. */
  dir: string;
  /** A segment is sealed and a new one started before a batch would take it past this size. Default 16 MiB. */
  maxFileBytes?: number;
  /** The store's own policy: what `prune()` applies, and applied whenever a segment is sealed. */
  retention?: RetentionPolicy;
  /**
   * When data is forced to the disk (fdatasync): `always` before each `append` resolves; `batch` (default) on
   * `flush()`, `close()` and when a segment is sealed; `never`: left to the OS. Every mode survives a crash of
   * the process; the modes differ in what a power loss can take.
   */
  fsync?: FsyncMode;
  /** For `maxAgeMs`. Default: `systemClock()`. */
  clock?: Clock;
  /** Receives every warning, including those found while opening (before `subscribe` is possible). */
  onWarning?: (warning: FileStoreWarning) => void;
}

export interface FileStoreSettings {
  dir: string;
  maxFileBytes: number;
  retention: RetentionPolicy | undefined;
  fsync: FsyncMode;
  clock: Clock;
}

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Record offsets are 32-bit; a segment holds up to this plus one batch. */
const MAX_FILE_BYTES = 2 ** 31;
const FSYNC_MODES: readonly FsyncMode[] = ['always', 'batch', 'never'];

/** The options checked at the boundary, defaults filled in, in one place. */
export function fileStoreSettings(options: FileStoreOptions): FileStoreSettings {
  const bad = (message: string) => new StoreError(FILE_DRIVER, message);
  if (typeof options !== 'object' || options === null)
    throw bad(`fileStore needs options with a dir, got ${String(options)}`);
  const { dir, maxFileBytes = DEFAULT_MAX_FILE_BYTES, fsync = 'batch', retention, clock = systemClock() } = options;
  if (typeof dir !== 'string' || dir === '') throw bad(`dir must be a non-empty string, got ${describe(dir)}`);
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES) {
    throw bad(`maxFileBytes must be an integer from 1 to ${MAX_FILE_BYTES}, got ${describe(maxFileBytes)}`);
  }
  if (!FSYNC_MODES.includes(fsync)) throw bad(`fsync must be "always", "batch" or "never", got ${describe(fsync)}`);
  if (retention !== undefined) checkRetention(FILE_DRIVER, retention);
  if (typeof clock?.now !== 'function') throw bad(`clock must have a now() method, got ${describe(clock)}`);
  return { dir: resolve(dir), maxFileBytes, retention, fsync, clock };
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'object' && value !== null
      ? typeof value
      : String(value);
}
