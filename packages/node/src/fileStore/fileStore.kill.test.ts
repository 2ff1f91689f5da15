// The acceptance test of crash safety: a real child process appends and is killed with SIGKILL at a random
// moment; the store it leaves behind must open with every acknowledged record intact and nothing corrupt.
// Child processes wait on real I/O, so these tests use real time with timeouts (no logic depends on it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorRecord } from '@breakwater/core';
import { bundleFromSource } from '../../../../scripts/bundleFromSource.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { fileStore, type FileStore } from './fileStore.ts';
import { staleLock } from './FileStoreWarning.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-kill-'));
const childScript = join(root, 'child.mjs');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  await bundleFromSource(fileURLToPath(new URL('./fileStore.child.ts', import.meta.url)), childScript);
}, 30_000);

/** Starts the child and calls `onLine` with each line it prints. */
function startChild(
  args: string[],
  onLine: (line: string, child: ChildProcess) => void,
): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, [childScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      onLine(pending.slice(0, nl), child);
      pending = pending.slice(nl + 1);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code ? reject(new Error(`child exited with ${code}: ${stderr}`)) : resolve(signal),
    );
  });
  return { child, exited };
}

const BIG_BATCH = 10_000;

/** What the child appends: r0, r1, … with a long message (compared as JSON: deep-equal on 40k records is slow). */
function expectedRecords(count: number): ErrorRecord[] {
  const padding = 'x'.repeat(200);
  return Array.from({ length: count }, (_, i) => record(i, { message: `failure number ${i} ${padding}` }));
}

async function allRecords(store: FileStore): Promise<ErrorRecord[]> {
  const newestFirst: ErrorRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
    newestFirst.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return newestFirst.reverse();
}

describe('fileStore: a process killed with SIGKILL while appending', () => {
  // Different kill points: soon after the first flush, and later, after several segments have been sealed; the
  // delay lets the child run on into its next appends (and flushes), so the kill can land anywhere.
  for (const [killAfterFlushes, delayMs] of [
    [1, 0],
    [2, 5],
    [4, 1],
    [9, 3],
  ] as const) {
    it(`keeps all acknowledged, corrupts nothing (killed ${delayMs} ms after flush ${killAfterFlushes})`, async () => {
      const dir = join(root, `kill-${killAfterFlushes}-${delayMs}`);
      let appended = 0;
      let flushed = 0;
      let flushes = 0;
      const { child, exited } = startChild(['append', dir, String(256 * 1024), '200'], (line, c) => {
        const [what, n] = line.split(' ');
        if (what === 'appended') appended = Number(n);
        if (what === 'flushed') {
          flushed = Number(n);
          if (++flushes === killAfterFlushes) setTimeout(() => c.kill('SIGKILL'), delayMs);
        }
      });
      expect(await exited).toBe('SIGKILL');
      expect(flushed).toBeGreaterThan(0);

      const store = await fileStore({ dir });
      const records = await allRecords(store);
      // Every record acknowledged by a completed flush — indeed every acknowledged append — is there, and the
      // store holds exactly r0 … r(n-1): no gap, no duplicate, nothing out of order, each record whole.
      expect(records.length).toBeGreaterThanOrEqual(appended);
      expect(records.length).toBeGreaterThanOrEqual(flushed);
      expect(JSON.stringify(records)).toBe(JSON.stringify(expectedRecords(records.length)));
      expect(await store.count()).toBe(records.length);
      // The child's lock is stale; at most the batch being written when it died is torn; no line is corrupt.
      expect(store.warnings[0]).toEqual(staleLock(join(dir, '.lock'), child.pid!));
      const rest = store.warnings.slice(1);
      expect(rest.length).toBeLessThanOrEqual(1);
      for (const w of rest) expect(w.type).toBe('store.torn-tail');
      // And the store goes on: the next record follows the last one, and a reopen finds no damage.
      await store.append([record(records.length)]);
      await store.close();
      const again = await fileStore({ dir });
      expect(again.warnings).toEqual([]);
      expect(await again.count()).toBe(records.length + 1);
      expect((await again.query({ limit: 1 })).records).toEqual([record(records.length)]);
      await again.close();
    }, 30_000);
  }
});

describe('fileStore: the directory lock between processes', () => {
  it('refuses a directory another live process has open, and takes its lock over once that one is killed', async () => {
    const dir = join(root, 'held');
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const { child, exited } = startChild(['hold', dir], (line) => line === 'ready' && ready());
    await isReady;
    await expect(fileStore({ dir })).rejects.toThrow(`file: directory ${dir} is in use by process ${child.pid}`);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const store = await fileStore({ dir });
    expect(store.warnings).toEqual([staleLock(join(dir, '.lock'), child.pid!)]);
    await store.close();
  }, 30_000);
});

describe('fileStore: a process killed in the middle of a write', () => {
  // Batches of ~4.5 MB, killed a moment after the child says the write is starting: the kill often lands while
  // the kernel is still copying the batch, which then stops at a page boundary (the kernel ends a write at a fatal
  // signal): the file ends in the complete lines of part of the batch and a torn one. A batch is not a
  // transaction: its complete lines are valid records and stay (never acknowledged, so allowed either way); the
  // torn line is cut off. What must hold: every acknowledged record is there, in order, whole, and nothing else.
  for (const [batch, delayMs] of [
    [2, 1],
    [3, 2],
    [4, 3],
  ] as const) {
    it(`cuts the torn batch off, keeps the acknowledged ones (killed ${delayMs} ms into batch ${batch})`, async () => {
      const dir = join(root, `mid-write-${batch}`);
      let appended = 0;
      const { exited } = startChild(['append', dir, String(64 * 1024 * 1024), String(BIG_BATCH)], (line, c) => {
        const [what, n] = line.split(' ');
        if (what === 'appended') appended = Number(n);
        if (what === 'writing' && Number(n) === batch * BIG_BATCH) setTimeout(() => c.kill('SIGKILL'), delayMs);
      });
      expect(await exited).toBe('SIGKILL');
      const store = await fileStore({ dir });
      const records = await allRecords(store);
      expect(records.length).toBeGreaterThanOrEqual(appended);
      expect(records.length).toBeLessThanOrEqual(appended + BIG_BATCH); // at most the batch being written
      expect(JSON.stringify(records)).toBe(JSON.stringify(expectedRecords(records.length)));
      const kinds = store.warnings.map((w) => w.type);
      expect(kinds[0]).toBe('store.stale-lock');
      expect(kinds.slice(1).every((k) => k === 'store.torn-tail')).toBe(true);
      expect(kinds.length).toBeLessThanOrEqual(2);
      await store.close();
    }, 60_000);
  }
});
