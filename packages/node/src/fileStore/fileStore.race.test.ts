// The acceptance test of the directory lock under contention: several processes start together on a directory
// whose lock names a dead process, and every one of them tries to take it over. Exactly one may win, and what
// the winner acknowledged must be exactly what the directory holds afterwards. Four long-lived children play
// trial after trial on fresh directories, so the start is one message away, not a process start away.
// Child processes wait on real I/O, so this test uses real time with timeouts (no logic depends on it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromSource } from '../../../../scripts/bundleFromSource.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore, type FileStore } from './fileStore.ts';

const CONTENDERS = 4;
const TRIALS = 40;

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-race-'));
const childScript = join(root, 'contender.mjs');

interface Contender {
  name: string;
  child: ChildProcess;
  /** The next line the child prints. */
  next(): Promise<string>;
}
const contenders: Contender[] = [];

function startContender(name: string): Promise<Contender> {
  const child = spawn(process.execPath, [childScript, name], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let pending = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.on('exit', (code, signal) => {
    for (const waiter of waiting.splice(0)) waiter(`exited ${code ?? signal}: ${stderr}`);
  });
  const next = () =>
    lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve));
  return next().then((line) => {
    if (line !== 'ready') throw new Error(`contender ${name} did not start: ${line}`);
    return { name, child, next };
  });
}

beforeAll(async () => {
  await bundleFromSource(fileURLToPath(new URL('./fileStore.race.child.ts', import.meta.url)), childScript);
  contenders.push(...(await Promise.all(Array.from({ length: CONTENDERS }, (_, i) => startContender(`c${i}`)))));
}, 30_000);

afterAll(() => {
  for (const { child } of contenders) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** The pid of a process that has exited (pids are not reused that fast). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

async function allIds(store: FileStore): Promise<string[]> {
  const newestFirst: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
    newestFirst.push(...page.records.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return newestFirst.reverse();
}

describe('fileStore: processes racing to take over a stale lock', () => {
  it(`lets exactly one of ${CONTENDERS} processes own the directory, ${TRIALS} trials out of ${TRIALS}`, async () => {
    const dead = deadPid();
    const failures: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = join(root, `t${trial}`);
      mkdirSync(dir);
      writeFileSync(join(dir, '.lock'), `${dead}\n`);
      // Every third trial, a process that was taking it over died too, between its two steps.
      if (trial % 3 === 2) writeFileSync(join(dir, '.lock.2'), `${dead}\n`);
      // All at once: each child is idle, waiting for this line.
      for (const c of contenders) c.child.stdin!.write(`open ${trial} ${dir}\n`);
      const answers = await Promise.all(contenders.map((c) => c.next()));
      const owners = contenders.filter((_, i) => answers[i]!.startsWith(`owner ${trial} `));
      const opened = contenders.filter((_, i) => !answers[i]!.startsWith(`refused ${trial} `));
      for (const c of opened) c.child.stdin!.write(`close ${trial}\n`);
      for (const c of opened) expect(await c.next()).toBe(`closed ${trial}`);

      if (opened.length !== 1 || owners.length !== 1) {
        failures.push(`trial ${trial}: ${answers.map((a, i) => `${contenders[i]!.name}: ${a}`).join('; ')}`);
        continue;
      }
      const winner = owners[0]!;
      // The others were told who holds the directory.
      for (const [i, answer] of answers.entries()) {
        if (contenders[i] === winner) continue;
        expect(answer).toBe(`refused ${trial} file: directory ${dir} is in use by process ${winner.child.pid}`);
      }
      // Every record the winner was told is written is there, in order, and nothing else is.
      const acknowledged = Number(answers[contenders.indexOf(winner)]!.split(' ')[2]);
      const store = await fileStore({ dir });
      expect(store.warnings).toEqual([]);
      const ids = await allIds(store);
      await store.close();
      expect(ids).toEqual(Array.from({ length: acknowledged }, (_, k) => `${winner.name}-t${trial}-${k}`));
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
