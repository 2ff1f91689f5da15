import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorCode, fsError } from './fsError.ts';

/** Suffix of every temporary file the store writes; leftovers of a crash are removed on open. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` so that a reader (or a crash) sees either the old content or the new, never a mix: the data
 * goes to `<file>.tmp`, which is renamed over `file` (rename is atomic within a directory). With `sync`, the
 * temp file is fsynced before the rename and the directory after it, so the new content also survives a power
 * loss; without, it survives a crash of the process only. The store holds the directory lock, so one fixed
 * temp name per file cannot collide.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  const temp = file + TEMP_SUFFIX;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw fsError('write', file, error);
  }
  if (sync) await syncDirectory(dirname(file));
}

/**
 * Makes the directory's entries (a created, renamed or removed file) durable. Windows cannot open a directory
 * for fsync; there NTFS's journal is all there is, so that error is ignored.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (process.platform === 'win32' && (code === 'EPERM' || code === 'EISDIR' || code === 'EINVAL')) return;
    throw fsError('sync directory', dir, error);
  } finally {
    await handle?.close();
  }
}
