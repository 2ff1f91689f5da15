import { link, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '@breakwater/core';
import { errorCode, FILE_DRIVER, fsError } from './fsError.ts';
import { staleLock, type FileStoreWarning } from './FileStoreWarning.ts';

export const LOCK_FILE = '.lock';

/** The lock files this process holds: a lock naming our own pid is ours only if it is in here. */
const heldByThisProcess = new Set<string>();

export interface DirectoryLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; harmless to call twice. */
  release(): Promise<void>;
}

/**
 * One store per directory: two processes appending to one segment would interleave their lines. The lock is a
 * file `.lock` holding the owner's pid. It is written to a temp file first and then hard-linked into place, so
 * it appears atomically and never empty (`link` fails with EEXIST when a lock exists — the same exclusivity as
 * `open(path, 'wx')`, without the moment when the file exists but the pid is not in it yet).
 *
 * A lock whose pid no longer runs (`process.kill(pid, 0)` → ESRCH) is stale: its owner died without `close()`;
 * it is taken over and reported. A lock naming this very process is live only while a store of this process
 * holds it — pids get reused (containers restart as pid 1), and a lock left by an earlier incarnation with our
 * pid must not lock us out forever. Limits: a pid reused by an unrelated live process keeps the lock until that
 * process exits (delete `.lock` by hand), and on a file system shared between machines the pid means nothing.
 */
export async function acquireDirectoryLock(dir: string, warn: (warning: FileStoreWarning) => void): Promise<DirectoryLock> {
  const file = join(dir, LOCK_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  const content = `${process.pid}\n`;
  try {
    await writeFile(temp, content);
  } catch (error) {
    throw fsError('create lock file', temp, error);
  }
  try {
    // A stale lock is removed in one round and taken in the next; losing that race to another process means
    // the other process holds the lock now, and the error names it. A third round covers a lock released
    // between our attempts.
    for (let round = 0; round < 3; round++) {
      try {
        await link(temp, file);
        heldByThisProcess.add(file);
        return { file, release: () => release(file, content) };
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw fsError('create lock file', file, error);
      }
      const existing = await readLock(file);
      if (existing === undefined) continue; // released meanwhile: try again
      const pid = parsePid(existing);
      if (pid !== null && isRunning(pid, file)) {
        const who = pid === process.pid ? ' (this process: another store on this directory is still open)' : '';
        throw new StoreError(FILE_DRIVER, `directory ${dir} is in use by process ${pid}${who}`);
      }
      // Re-read just before removing, so a lock another process took over a moment ago is not removed.
      if ((await readLock(file)) !== existing) continue;
      await unlink(file).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw fsError('remove stale lock file', file, error);
      });
      warn(staleLock(file, pid));
    }
    throw new StoreError(FILE_DRIVER, `directory ${dir}: could not take the lock ${file}, other processes keep taking it`);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
  }
}

async function release(file: string, content: string): Promise<void> {
  if (!heldByThisProcess.delete(file)) return;
  if ((await readLock(file)) !== content) return; // not ours any more (removed by hand, taken over)
  await unlink(file).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw fsError('remove lock file', file, error);
  });
}

async function readLock(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsError('read lock file', file, error);
  }
}

function parsePid(text: string): number | null {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && /^\d+$/.test(text.trim()) ? pid : null;
}

function isRunning(pid: number, file: string): boolean {
  if (pid === process.pid) return heldByThisProcess.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return errorCode(error) === 'EPERM';
  }
}
