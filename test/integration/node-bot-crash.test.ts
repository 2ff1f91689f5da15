// The reference bot is SIGKILLed while an order it sent is on the exchange with its answer lost (the simulator
// keeps the order and never answers). The simulator runs apart from the bot (its URL given as EXCHANGE_URL), so
// it outlives the crash. The restarted bot must find the order before it trades again: reconciled, never resent,
// never doubled by a fresh order for the same signal.
import { startExchangeSim, type ExchangeSim } from '@breakwater/exchange-sim';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeScript } from '../e2e/nodeProcess.ts';

const repo = join(import.meta.dirname, '..', '..');
const config = `
error_handling:
  max_retries: 2
  base_delay: 0.02
  max_delay: 0.1
  circuit_breaker:
    failure_threshold: 5
    recovery_timeout: 1.0
`;

let dir: string;
let script: string;
let sim: ExchangeSim | undefined;
const children: ChildProcess[] = [];
const killAll = () => children.forEach((c) => c.kill('SIGKILL'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bw-node-bot-crash-'));
  await writeFile(join(dir, 'config.yaml'), config);
  script = await bundleNodeScript(
    join(repo, 'apps', 'node-bot', 'src', 'main.ts'),
    join(repo, 'test', 'output', 'node-bot-crash', 'main.mjs'),
  );
  process.once('exit', killAll);
});

afterAll(async () => {
  killAll();
  process.off('exit', killAll);
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Bot {
  child: ChildProcess;
  lines: string[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBot(exchangeUrl: string, dataDir: string): Bot {
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      EXCHANGE_URL: exchangeUrl,
      BOT_CONFIG: join(dir, 'config.yaml'),
      BOT_DATA_DIR: dataDir,
      BOT_TICK_MS: '10',
      BOT_DURATION_S: '0',
      BOT_DEVTOOLS_PORT: '0',
      // Longer than the test: the lost answer is waited for until the kill.
      BOT_REQUEST_TIMEOUT_MS: '60000',
    },
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (text) => lines.push(text));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited, output: () => `${lines.join('\n')}\n--- stderr ---\n${stderr}` };
}

/** Polls `check` every 20 ms until it returns a value (test-level waiting on real processes, bounded). */
async function until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the reference bot killed mid-order', () => {
  it('reconciles the order whose answer was lost before trading again, and never orders twice', async () => {
    // Every order is stored by the exchange and its answer withheld: the bot hangs on its first order.
    sim = await startExchangeSim({
      port: 0,
      seed: 7,
      scenario: { faults: { acceptThenTimeout: { probability: 1, lostBy: 'timeout' } } },
    });
    const dataDir = join(dir, 'history');
    const journalFile = join(dataDir, 'unconfirmed-orders.json');

    const first = startBot(sim.url, dataDir);
    const sent = await until('an order on the exchange', () => sim!.orders()[0]);
    // The id was on disk before the request left.
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
      version: number;
      orders: Array<{ request: { clientOrderId: string; side: string } }>;
    };
    expect(
      journal.orders.map((o) => o.request.clientOrderId),
      first.output(),
    ).toEqual([sent.clientOrderId]);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // The exchange answers normally now; the restarted bot trades on the same account.
    sim.setScenario({});
    const second = startBot(sim.url, dataDir);
    const reconciled =
      `reconciled ${sent.clientOrderId}: placed as ${sent.id} (${sent.side} ${sent.amount} @ ${sent.price}) ` +
      'though its answer was lost';
    await until('the reconciliation', () => second.lines.find((l) => l.includes(reconciled)), 20_000);
    const startLine = second.lines.find((l) => l.includes('orders sent by an earlier run were never confirmed'));
    expect(startLine, second.output()).toContain(
      '1 orders sent by an earlier run were never confirmed: reconciling them before trading',
    );
    // Nothing was traded before the reconciliation.
    const firstTrade = second.lines.findIndex((l) => /\] (BUY|SELL|skip) /.test(l));
    const reconciledAt = second.lines.findIndex((l) => l.includes(reconciled));
    expect(firstTrade === -1 || firstTrade > reconciledAt, second.output()).toBe(true);

    // Let it trade on for a while: its position follows the reconciled order, so the next order is the other side.
    await until('the next order', () => (sim!.orders().length >= 2 ? true : undefined), 30_000);
    second.child.kill('SIGINT');
    expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });

    const orders = sim.orders();
    expect(sim.stats().duplicateOrderAttempts).toBe(0);
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(orders.length);
    // No doubled position: buys and sells alternate, starting with the order the first run sent.
    expect(orders[0]!.clientOrderId).toBe(sent.clientOrderId);
    orders.slice(1).forEach((order, i) => expect(order.side, second.output()).not.toBe(orders[i]!.side));

    const summaryLine = second.lines.find((l) => l.startsWith('SUMMARY '));
    const summary = JSON.parse(summaryLine!.slice('SUMMARY '.length)) as {
      orders: { reconciled: number; unconfirmed: string[] };
    };
    expect(summary.orders.reconciled).toBe(1);
    expect(summary.orders.unconfirmed).toEqual([]);
    // Settled on disk too: a third start has nothing to ask about.
    expect(existsSync(journalFile)).toBe(true);
    expect(JSON.parse(readFileSync(journalFile, 'utf8'))).toEqual({ version: 1, orders: [] });
  });
});
