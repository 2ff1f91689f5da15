import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStoreError } from '@breakwater/core';
import { afterAll, describe, expect, it } from 'vitest';
import { record, snapshot, T0 } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore } from './fileStore.ts';
import { staleLock } from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(root, `l${++n}`);
  mkdirSync(dir);
  return dir;
};

/** The lock files in `dir` (`.lock`, `.lock.<n>`), sorted. */
const lockFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^\.lock(\.\d+)?$/.test(f))
    .sort();

/** The pid of a process that has exited (pids are not reused that fast). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('fileStore: the directory lock', () => {
  it('holds the pid in .lock while open and removes it on close', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir });
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a second store on the same directory in the same process, until the first is closed', async () => {
    const dir = freshDir();
    const first = await fileStore({ dir });
    await expect(fileStore({ dir })).rejects.toThrow(
      `file: directory ${dir} is in use by process ${process.pid} ` +
        '(this process: another store on this directory is still open)',
    );
    await first.close();
    const second = await fileStore({ dir });
    expect(second.warnings).toEqual([]);
    await second.close();
  });

  it('refuses a directory whose lock names another live process', async () => {
    const dir = freshDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, '.lock'), `${other.pid}\n`);
      await expect(fileStore({ dir })).rejects.toThrow(`file: directory ${dir} is in use by process ${other.pid}`);
      expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${other.pid}\n`); // left alone
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the stale lock of a process that died by creating the next generation, and reports it', async () => {
    const dir = freshDir();
    const pid = deadPid();
    writeFileSync(join(dir, '.lock'), `${pid}\n`);
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), pid)]);
    expect(store.warnings[0]!.message).toBe(
      `file: ${join(dir, '.lock')}: took over a stale lock of process ${pid}, which is no longer running`,
    );
    // Takeover never replaces a lock file (that is not atomic): it creates `.lock.2` and then removes `.lock`.
    expect(lockFiles(dir)).toEqual(['.lock.2']);
    expect(readFileSync(join(dir, '.lock.2'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('.lock'))).toEqual([]);
    const again = await fileStore({ dir }); // generations start over once nobody holds the lock
    expect(again.warnings).toEqual([]);
    expect(lockFiles(dir)).toEqual(['.lock']);
    await again.close();
  });

  it('takes over after a taker died between creating its generation and removing the old one', async () => {
    const dir = freshDir();
    const [first, second] = [deadPid(), deadPid()];
    writeFileSync(join(dir, '.lock'), `${first}\n`);
    writeFileSync(join(dir, '.lock.2'), `${second}\n`);
    writeFileSync(join(dir, `.lock.${second}-1.tmp`), `${second}\n`); // and before removing its temp file
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), first), staleLock(join(dir, '.lock.2'), second)]);
    expect(readdirSync(dir).filter((f) => f.startsWith('.lock'))).toEqual(['.lock.3']);
    await store.close();
  });

  it('refuses a directory whose newest lock generation names a live process; leaves all lock files alone', async () => {
    const dir = freshDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const dead = deadPid();
      writeFileSync(join(dir, '.lock'), `${dead}\n`);
      writeFileSync(join(dir, '.lock.2'), `${other.pid}\n`);
      writeFileSync(join(dir, `.lock.${other.pid}-1.tmp`), `${other.pid}\n`); // a live process's claim in progress
      await expect(fileStore({ dir })).rejects.toThrow(`file: directory ${dir} is in use by process ${other.pid}`);
      expect(lockFiles(dir)).toEqual(['.lock', '.lock.2']);
      expect(readFileSync(join(dir, '.lock.2'), 'utf8')).toBe(`${other.pid}\n`);
      // A live lock in any generation holds the directory, even below a stale one.
      writeFileSync(join(dir, '.lock'), `${other.pid}\n`);
      writeFileSync(join(dir, '.lock.2'), `${dead}\n`);
      await expect(fileStore({ dir })).rejects.toThrow(`file: directory ${dir} is in use by process ${other.pid}`);
      expect(
        readdirSync(dir)
          .filter((f) => f.startsWith('.lock'))
          .sort(),
      ).toEqual(['.lock', '.lock.2', `.lock.${other.pid}-1.tmp`].sort());
    } finally {
      other.kill('SIGKILL');
    }
  });

  it("takes over a lock naming this process's pid that no store of this process holds (a reused pid)", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), `${process.pid}\n`);
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), process.pid)]);
    await store.close();
  });

  it('takes over a lock file with no pid in it', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.lock'), 'garbage');
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), null)]);
    expect(store.warnings[0]!.message).toBe(`file: ${join(dir, '.lock')}: took over a stale lock with no process id`);
    await store.close();
  });

  it('releases the lock when opening fails after taking it', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'history-000001.jsonl')); // a directory where a segment should be: cannot be read
    await expect(fileStore({ dir })).rejects.toThrow(
      `file: cannot read ${join(dir, 'history-000001.jsonl')}: EISDIR: illegal operation on a directory, read`,
    );
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

describe('fileStore: a store whose lock was taken over', () => {
  // What another process does when it takes the lock over (say, one in another pid namespace that saw ours as
  // dead): it creates the next generation, then removes ours.
  for (const step of ['after creating the next generation', 'after removing ours too'] as const) {
    it(`refuses every write ${step}, and leaves the new owner's lock when closed`, async () => {
      const dir = freshDir();
      const store = await fileStore({ dir });
      await store.append([record(0)]);
      await store.saveBreakers([snapshot('kraken', 'OPEN', T0)]);
      const segment = join(dir, 'history-000001.jsonl');
      const written = readFileSync(segment, 'utf8');
      writeFileSync(join(dir, '.lock.2'), '4242\n');
      if (step === 'after removing ours too') unlinkSync(join(dir, '.lock'));

      const lost = `file: lost the lock of ${dir} to process 4242`;
      await expect(store.append([record(1)])).rejects.toThrow(lost);
      await expect(store.append([record(1)])).rejects.toSatisfy(isStoreError);
      await expect(store.saveBreakers([snapshot('kraken', 'CLOSED', T0)])).rejects.toThrow(lost);
      await expect(store.prune({ maxRecords: 0 })).rejects.toThrow(lost);
      expect(await store.query()).toEqual({ records: [record(0)] }); // reading goes on
      await expect(store.close()).rejects.toThrow(lost);

      expect(readFileSync(segment, 'utf8')).toBe(written);
      expect(JSON.parse(readFileSync(join(dir, 'breakers.json'), 'utf8'))).toEqual([snapshot('kraken', 'OPEN', T0)]);
      expect(lockFiles(dir)).toEqual(step === 'after removing ours too' ? ['.lock.2'] : ['.lock', '.lock.2']);
      expect(readFileSync(join(dir, '.lock.2'), 'utf8')).toBe('4242\n');
      expect(readdirSync(dir).filter((f) => f.endsWith('.idx') || f === 'removed.json')).toEqual([]);
    });
  }

  it('refuses to write once its lock file was removed by hand; does not remove the one put in its place', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir });
    unlinkSync(join(dir, '.lock'));
    await expect(store.append([record(0)])).rejects.toThrow(
      `file: lost the lock of ${dir}: ${join(dir, '.lock')} was removed`,
    );
    writeFileSync(join(dir, '.lock'), '4242\n'); // another process opened the directory meanwhile
    await expect(store.append([record(0)])).rejects.toThrow(
      `file: lost the lock of ${dir}: ${join(dir, '.lock')} was removed`,
    );
    await expect(store.close()).rejects.toThrow(`file: lost the lock of ${dir}: ${join(dir, '.lock')} was removed`);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe('4242\n');
  });

  it('notices a removal by hand between writes within 100 ms (its file is not checked before each write)', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir });
    await store.append([record(0)]);
    unlinkSync(join(dir, '.lock'));
    await new Promise((resolve) => setTimeout(resolve, 150)); // real time: the check runs on performance.now()
    await expect(store.append([record(1)])).rejects.toThrow(
      `file: lost the lock of ${dir}: ${join(dir, '.lock')} was removed`,
    );
    await expect(store.close()).rejects.toThrow(`file: lost the lock of ${dir}: ${join(dir, '.lock')} was removed`);
  });

  it('leaves the lock of a store of this same process that opened the directory after the removal', async () => {
    const dir = freshDir();
    const first = await fileStore({ dir });
    unlinkSync(join(dir, '.lock'));
    const second = await fileStore({ dir });
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await expect(first.close()).rejects.toThrow(`file: lost the lock of ${dir} to process ${process.pid}`);
    await expect(fileStore({ dir })).rejects.toThrow(
      `file: directory ${dir} is in use by process ${process.pid} ` +
        '(this process: another store on this directory is still open)',
    );
    await second.append([record(0)]);
    await second.close();
    expect(lockFiles(dir)).toEqual([]);
  });

  it('notices a lock file replaced by another one of the same name', async () => {
    const dir = freshDir();
    const store = await fileStore({ dir });
    unlinkSync(join(dir, '.lock'));
    writeFileSync(join(dir, '.lock'), '4242\n');
    await expect(store.append([record(0)])).rejects.toThrow(`file: lost the lock of ${dir} to process 4242`);
    await expect(store.close()).rejects.toThrow(`file: lost the lock of ${dir} to process 4242`);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe('4242\n');
  });
});
