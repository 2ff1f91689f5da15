import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
      `file: directory ${dir} is in use by process ${process.pid} (this process: another store on this directory is still open)`,
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

  it('takes over the stale lock of a process that died, and reports it', async () => {
    const dir = freshDir();
    const pid = deadPid();
    writeFileSync(join(dir, '.lock'), `${pid}\n`);
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), pid)]);
    expect(store.warnings[0]!.message).toBe(`file: ${join(dir, '.lock')}: took over a stale lock of process ${pid}, which is no longer running`);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
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
    await expect(fileStore({ dir })).rejects.toThrow(`file: cannot read ${join(dir, 'history-000001.jsonl')}: EISDIR: illegal operation on a directory, read`);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});
