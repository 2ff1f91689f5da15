import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@breakwater/node';
import type { OrderRequest } from '@breakwater/exchange-sim/client';

/** The journal's file in the bot's data directory, beside the history (the store's directory lock covers it). */
export const ORDER_JOURNAL_FILE = 'unconfirmed-orders.json';

export interface JournalEntry {
  request: OrderRequest;
  /** Epoch ms when the order was first sent. */
  sentAt: number;
}

interface JournalFile {
  version: 1;
  orders: JournalEntry[];
}

/** A journal file that cannot be read as one: the bot must not trade on a guess about what it sent. */
export class OrderJournalError extends Error {
  override readonly name = 'OrderJournalError';
}

/**
 * Client order ids sent to the exchange whose fate is unknown, kept on disk: an order sent just before a crash,
 * whose answer was lost, is still known to the next run, which asks the exchange about it before trading.
 * Write-ahead: `sent` is durable (fsynced, atomically replaced) before the request leaves; `settled` after the
 * answer (or the reconciliation) is known. A crash between the two leaves an id to ask about, never a lost one.
 */
export class OrderJournal {
  readonly file: string;
  readonly #entries: Map<string, JournalEntry>;
  /** Writes one at a time, in call order: a later state never lands before an earlier one. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, entries: JournalEntry[]) {
    this.file = file;
    this.#entries = new Map(entries.map((e) => [e.request.clientOrderId, e]));
  }

  /** Opens the journal in `dir` (the history's directory), reading what an earlier run left. */
  static async open(dir: string): Promise<OrderJournal> {
    const file = join(dir, ORDER_JOURNAL_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return new OrderJournal(file, []);
      throw error;
    }
    return new OrderJournal(file, parseJournal(text, file));
  }

  /** Orders whose fate is unknown, oldest first. */
  entries(): JournalEntry[] {
    return [...this.#entries.values()];
  }

  get size(): number {
    return this.#entries.size;
  }

  has(clientOrderId: string): boolean {
    return this.#entries.has(clientOrderId);
  }

  /** Records `request` as sent; resolves once that is on disk (call it before sending). */
  sent(request: OrderRequest, at: number): Promise<void> {
    if (this.#entries.has(request.clientOrderId)) return this.#writing;
    this.#entries.set(request.clientOrderId, { request: { ...request }, sentAt: at });
    return this.#save();
  }

  /** Forgets `clientOrderId`: its order is known to exist or known never to have reached the exchange. */
  settled(clientOrderId: string): Promise<void> {
    if (!this.#entries.delete(clientOrderId)) return this.#writing;
    return this.#save();
  }

  #save(): Promise<void> {
    const content: JournalFile = { version: 1, orders: this.entries() };
    const text = `${JSON.stringify(content, null, 2)}\n`;
    // A failed write fails its caller (an order is not sent unrecorded); the chain goes on for later writes.
    const write = this.#writing.then(() => writeFileAtomic(this.file, text, true));
    this.#writing = write.catch(() => {});
    return write;
  }
}

function parseJournal(text: string, file: string): JournalEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new OrderJournalError(
      `${file}: not JSON (${(error as Error).message}); move it aside after checking its orders on the exchange`,
    );
  }
  const orders = (data as Partial<JournalFile> | null)?.orders;
  if ((data as Partial<JournalFile> | null)?.version !== 1 || !Array.isArray(orders)) {
    throw new OrderJournalError(`${file}: expected { "version": 1, "orders": [...] }`);
  }
  return orders.map((entry, i) => {
    const request = (entry as Partial<JournalEntry> | null)?.request;
    const fields = ['clientOrderId', 'symbol', 'side'] as const;
    const bad =
      fields.find((key) => typeof request?.[key] !== 'string') ??
      (['amount', 'price'] as const).find((key) => typeof request?.[key] !== 'number');
    if (!request || bad !== undefined || typeof (entry as JournalEntry).sentAt !== 'number') {
      throw new OrderJournalError(`${file}: orders[${i}]${bad ? `.request.${bad}` : ''} is not a sent order`);
    }
    return { request, sentAt: (entry as JournalEntry).sentAt };
  });
}
