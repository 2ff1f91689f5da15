import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ORDER_JOURNAL_FILE, OrderJournal, OrderJournalError } from './OrderJournal.ts';

const root = mkdtempSync(join(tmpdir(), 'bw-order-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(root, String(++n));
  mkdirSync(dir);
  return dir;
};
const order = (id: string, side: 'buy' | 'sell' = 'buy') => ({
  clientOrderId: id,
  symbol: 'BTC/USD',
  side,
  amount: 0.01,
  price: 42_000,
});
const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, ORDER_JOURNAL_FILE), 'utf8')) as unknown;

describe('OrderJournal', () => {
  it('starts empty without a file, and writes nothing until an order is sent', async () => {
    const dir = freshDir();
    const journal = await OrderJournal.open(dir);
    expect(journal.entries()).toEqual([]);
    expect(() => readFileSync(join(dir, ORDER_JOURNAL_FILE))).toThrow('ENOENT');
  });

  it('has a sent order on disk when sent() resolves, and forgets it when settled', async () => {
    const dir = freshDir();
    const journal = await OrderJournal.open(dir);
    await journal.sent(order('bw-a-1'), 1000);
    expect(onDisk(dir)).toEqual({ version: 1, orders: [{ request: order('bw-a-1'), sentAt: 1000 }] });
    await journal.sent(order('bw-a-2', 'sell'), 2000);
    await journal.settled('bw-a-1');
    expect(onDisk(dir)).toEqual({ version: 1, orders: [{ request: order('bw-a-2', 'sell'), sentAt: 2000 }] });
    expect(journal.has('bw-a-1')).toBe(false);
    expect(journal.size).toBe(1);
  });

  it('gives the next run what the last one left, oldest first', async () => {
    const dir = freshDir();
    const journal = await OrderJournal.open(dir);
    await Promise.all([
      journal.sent(order('bw-a-1'), 1),
      journal.sent(order('bw-a-2', 'sell'), 2),
      journal.sent(order('bw-a-3'), 3),
    ]);
    await journal.settled('bw-a-2');
    const next = await OrderJournal.open(dir);
    expect(next.entries().map((e) => e.request.clientOrderId)).toEqual(['bw-a-1', 'bw-a-3']);
  });

  it('writes in call order: the last state wins even when writes overlap', async () => {
    const dir = freshDir();
    const journal = await OrderJournal.open(dir);
    const writes = [journal.sent(order('x'), 1), journal.settled('x'), journal.sent(order('y'), 2)];
    await Promise.all(writes);
    expect(onDisk(dir)).toEqual({ version: 1, orders: [{ request: order('y'), sentAt: 2 }] });
  });

  it('refuses a journal it cannot read, naming the file and what is wrong', async () => {
    const dir = freshDir();
    const file = join(dir, ORDER_JOURNAL_FILE);
    writeFileSync(file, '{"version":1,"orders":[');
    await expect(OrderJournal.open(dir)).rejects.toThrow(OrderJournalError);
    await expect(OrderJournal.open(dir)).rejects.toThrow(`${file}: not JSON`);
    writeFileSync(
      file,
      JSON.stringify({ version: 1, orders: [{ request: { ...order('z'), price: '1' }, sentAt: 1 }] }),
    );
    await expect(OrderJournal.open(dir)).rejects.toThrow(`${file}: orders[0].request.price is not a sent order`);
    writeFileSync(file, JSON.stringify({ orders: [] }));
    await expect(OrderJournal.open(dir)).rejects.toThrow(`${file}: expected { "version": 1, "orders": [...] }`);
  });

  it('fails sent() when the write fails, so the order is not sent unrecorded', async () => {
    const dir = freshDir();
    const journal = await OrderJournal.open(dir);
    rmSync(dir, { recursive: true });
    await expect(journal.sent(order('q'), 1)).rejects.toThrow(`file: cannot write ${join(dir, ORDER_JOURNAL_FILE)}`);
  });
});
