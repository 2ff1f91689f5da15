import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { link, open, readdir, readFile, rm, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '@breakwater/core';
import { errorCode, FILE_DRIVER, fsError } from './fsError.ts';
import { staleLock, type FileStoreWarning } from './FileStoreWarning.ts';
import { TEMP_SUFFIX } from './writeFileAtomic.ts';

export const LOCK_FILE = '.lock';
/** How long `check` trusts that its own lock file is still there (the next generation is looked for every time). */
const OWN_FILE_CHECK_MS = 100;

/**
 * The lock files this process holds or is claiming, with how many stores do (two, when one's file was removed by
 * hand and another store took its name): a lock naming our own pid is live only if it is in here.
 */
const heldByThisProcess = new Map<string, number>();
const hold = (file: string) => heldByThisProcess.set(file, (heldByThisProcess.get(file) ?? 0) + 1);
function letGo(file: string): void {
  const count = heldByThisProcess.get(file) ?? 0;
  if (count <= 1) heldByThisProcess.delete(file);
  else heldByThisProcess.set(file, count - 1);
}
/** Makes temp names unique when stores of this process open the same directory at once. */
let attempts = 0;

export interface DirectoryLock {
  readonly file: string;
  /**
   * The fencing check before a write: throws a StoreError if the lock is no longer ours (another process took
   * it over, or its file was removed). Once it has thrown it always throws. With `append`, the check before
   * each batch: a takeover is seen as always, a removal by hand of our file within OWN_FILE_CHECK_MS.
   */
  check(append?: boolean): void;
  /** Removes the lock file if it is still ours; harmless to call twice. */
  release(): Promise<void>;
}

/** A lock file as found in the directory. */
interface LockFile {
  generation: number;
  file: string;
  content: string;
  /** null when the file holds no process id. */
  pid: number | null;
}

/**
 * One store per directory: two processes appending to one segment would interleave their lines. The lock is a
 * file holding the owner's pid, in generations: `.lock` is generation 1, `.lock.<n>` generation n. The newest
 * generation whose process runs owns the directory.
 *
 * Taking the lock never deletes anything to make room — a stale file cannot be removed atomically ("remove it
 * if it still names the dead pid" is two steps, and two processes that both saw it stale would each remove what
 * the other put in its place). Instead a process that finds every lock file stale creates the next generation,
 * exclusively: its pid is written to a temp file that is hard-linked into place (`link` fails with EEXIST like
 * `open(path, 'wx')`, and the file never appears empty). Of several processes that saw the same stale
 * generation, exactly one creates the next; the others find it held. The creator then lists the lock files
 * again and keeps its claim only if every other one is older and stale — any two claims are seen by the later
 * of the two listings, so two owners at once are impossible even if a generation number is reused (a released
 * lock is deleted, so numbers start over). Only then are the stale files removed, each reported. A crash
 * between any two steps leaves lock files of a dead process, which the next open takes over.
 *
 * Stale means its pid no longer runs (`process.kill(pid, 0)` → ESRCH) or it holds no pid. A lock naming this
 * very process is live only while a store of this process holds it — pids get reused (containers restart as
 * pid 1), and a lock left by an earlier incarnation with our pid must not lock us out forever. Limits: a pid
 * reused by an unrelated live process keeps the lock until that process exits (delete the lock file by hand),
 * and on a file system shared between machines or pid namespaces the pid means nothing — which is what `check`
 * is for: a store whose lock was taken over refuses to write instead of interleaving with the new owner.
 */
export async function acquireDirectoryLock(
  dir: string,
  warn: (warning: FileStoreWarning) => void,
): Promise<DirectoryLock> {
  const temp = join(dir, `${LOCK_FILE}.${process.pid}-${++attempts}${TEMP_SUFFIX}`);
  try {
    await writeFile(temp, `${process.pid}\n`);
  } catch (error) {
    throw fsError('create lock file', temp, error);
  }
  try {
    // A round ends without the lock when another process created the generation we wanted, or claimed one at
    // the same moment; the next round finds it held or gone. Rounds run out only under a stream of new claims.
    for (let round = 0; round < 5; round++) {
      const found = await readLocks(dir);
      const owner = found.filter(isLive).at(-1);
      if (owner) {
        // A listing can be torn: its names read before the winner's claim appeared, a file's content after a
        // contender reused the name of a stale generation the winner had just removed (that contender backs off
        // when it sees the winner). Name an owner only when a second listing still shows it as the newest.
        const again = (await readLocks(dir)).filter(isLive).at(-1);
        if (again?.file === owner.file && again.content === owner.content) throw inUse(dir, owner);
        continue;
      }
      const generation = (found.at(-1)?.generation ?? 0) + 1;
      const file = join(dir, lockName(generation));
      try {
        await link(temp, file);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') continue;
        throw fsError('create lock file', file, error);
      }
      hold(file);
      try {
        const others = (await readLocks(dir)).filter((lock) => lock.file !== file);
        if (others.some((lock) => lock.generation > generation || isLive(lock))) {
          await removeOwn(file);
          continue;
        }
        for (const lock of others) await removeStale(lock, warn);
        await removeStaleTemps(dir);
        return await heldLock(dir, generation);
      } catch (error) {
        await removeOwn(file);
        throw error;
      }
    }
    throw new StoreError(FILE_DRIVER, `directory ${dir}: could not take the lock, other processes keep taking it`);
  } finally {
    await rm(temp, { force: true }).catch(() => {});
  }
}

/**
 * The lock file stays open while it is held: its inode cannot be reused meanwhile, so a file of the same name
 * with the same inode is ours, and one created in its place after a removal is told apart.
 */
async function heldLock(dir: string, generation: number): Promise<DirectoryLock> {
  const file = join(dir, lockName(generation));
  const next = join(dir, lockName(generation + 1));
  let handle: FileHandle;
  let taken: Stats;
  try {
    handle = await open(file, 'r');
    taken = await handle.stat();
  } catch (error) {
    throw fsError('open lock file', file, error);
  }
  let lost: StoreError | undefined;
  let released = false;
  let ownCheckedAt = -Infinity;
  return {
    file,
    check(append = false) {
      if (lost) throw lost;
      // Synchronous stats: through the thread pool they would cost ~10x that, a fifth of an append of 100
      // records. Even so each one was measured at ~4% of sustained append throughput (more than its few µs
      // alone: the caches the JSON encoding then refills), so an append makes one: taking over creates the next
      // generation before it removes ours, so the next generation's name shows every takeover, first. Our own
      // file (gone or replaced with no next generation: a removal by hand) is stat'ed before the
      // first append and then at least every OWN_FILE_CHECK_MS; every other write (prune, breakers, close)
      // stats it each time.
      const now = performance.now();
      if (!append || now - ownCheckedAt >= OWN_FILE_CHECK_MS) {
        const own = statSync(file, { throwIfNoEntry: false });
        if (own?.ino !== taken.ino || own.dev !== taken.dev) {
          lost = lostLock(dir, file);
          throw lost;
        }
        ownCheckedAt = now;
      }
      if (!statSync(next, { throwIfNoEntry: false })) return;
      lost = lostLock(dir, file);
      throw lost;
    },
    async release() {
      if (released) return;
      released = true;
      letGo(file);
      try {
        if (lost) return; // the file, if there is one, is another process's
        const now = await stat(file).catch(() => undefined);
        if (now?.ino !== taken.ino || now.dev !== taken.dev) return; // removed by hand, or taken over
        await unlink(file).catch((error: unknown) => {
          if (errorCode(error) !== 'ENOENT') throw fsError('remove lock file', file, error);
        });
      } finally {
        await handle.close().catch(() => {});
      }
    },
  };
}

/** Names the process that holds the lock now (read synchronously, like the check that found it gone). */
function lostLock(dir: string, file: string): StoreError {
  let how = `: ${file} was removed`;
  try {
    const newest = readdirSync(dir)
      .filter((name) => generationOf(name) !== undefined)
      .sort((a, b) => generationOf(a)! - generationOf(b)!)
      .at(-1);
    const pid = newest === undefined ? null : parsePid(readFileSync(join(dir, newest), 'utf8'));
    if (pid !== null) how = ` to process ${pid}`;
    else if (newest !== undefined) how = `: ${join(dir, newest)} replaced it`;
  } catch {
    // Gone again, or unreadable: the message names no owner.
  }
  return new StoreError(FILE_DRIVER, `lost the lock of ${dir}${how}`);
}

/** The lock files in the directory, oldest generation first; one removed while being read is left out. */
async function readLocks(dir: string): Promise<LockFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw fsError('read directory', dir, error);
  }
  const locks: LockFile[] = [];
  for (const name of names) {
    const generation = generationOf(name);
    if (generation === undefined) continue;
    const file = join(dir, name);
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw fsError('read lock file', file, error);
    }
    locks.push({ generation, file, content, pid: parsePid(content) });
  }
  return locks.sort((a, b) => a.generation - b.generation);
}

/** Removes a stale lock file once the lock is ours, unless it changed since it was found stale. */
async function removeStale(lock: LockFile, warn: (warning: FileStoreWarning) => void): Promise<void> {
  const content = await readFile(lock.file, 'utf8').catch(() => undefined);
  if (content !== lock.content) return;
  await unlink(lock.file).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw fsError('remove stale lock file', lock.file, error);
  });
  warn(staleLock(lock.file, lock.pid));
}

/** Temp files of lock claims whose process died between writing and removing them. */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^\.lock\.(\d+)-\d+\.tmp$/.exec(name);
    const pid = match ? Number(match[1]) : undefined;
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue;
    await rm(join(dir, name), { force: true }).catch(() => {});
  }
}

async function removeOwn(file: string): Promise<void> {
  letGo(file);
  await unlink(file).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw fsError('remove lock file', file, error);
  });
}

function inUse(dir: string, owner: LockFile): StoreError {
  const who = owner.pid === process.pid ? ' (this process: another store on this directory is still open)' : '';
  return new StoreError(FILE_DRIVER, `directory ${dir} is in use by process ${owner.pid}${who}`);
}

/** `.lock` is generation 1, `.lock.<n>` (n ≥ 2, no leading zero) generation n; anything else is not a lock. */
function generationOf(name: string): number | undefined {
  if (name === LOCK_FILE) return 1;
  const match = /^\.lock\.([1-9]\d*)$/.exec(name);
  const generation = match ? Number(match[1]) : 0;
  return generation >= 2 && Number.isSafeInteger(generation) ? generation : undefined;
}

function lockName(generation: number): string {
  return generation === 1 ? LOCK_FILE : `${LOCK_FILE}.${generation}`;
}

function parsePid(text: string): number | null {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && /^\d+$/.test(text.trim()) ? pid : null;
}

function isLive(lock: LockFile): boolean {
  if (lock.pid === null) return false;
  if (lock.pid === process.pid) return heldByThisProcess.has(lock.file);
  return isRunning(lock.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return errorCode(error) === 'EPERM';
  }
}
