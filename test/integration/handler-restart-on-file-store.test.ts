// Acceptance (storage issue): a handler restarted on the file store finds an OPEN breaker still OPEN, with the
// rest of its timeout, and its recent history.
import { CircuitBreaker, ErrorHandler, FailureRate } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { fileStore } from '@breakwater/node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const T0 = 1_700_000_000_000;
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const config = { circuitBreaker: { failureThreshold: 3, recoveryTimeoutMs: 60_000 } };
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('a handler restarted on the file store', () => {
  it('finds an OPEN breaker still OPEN with its remaining time, and its history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bw-restart-'));
    dirs.push(dir);

    const clock = new ManualClock(T0);
    const first = new ErrorHandler(config, { clock, store: await fileStore({ dir, clock }), recoveryActions: [] });
    for (let i = 0; i < 3; i++) await first.handle(first.classify(reset(), 'fetch_ticker', 'kraken'));
    const kraken = first.getCircuitBreaker('kraken');
    expect(kraken.state).toBe('OPEN');
    const before = first.history().map((r) => r.id);
    await first.close(); // what the bot does on Ctrl-C

    // The bot comes back 25 s later, in a new process (a new handler and a new store on the same directory).
    const later = new ManualClock(T0 + 25_000);
    const second = new ErrorHandler(config, {
      clock: later,
      store: await fileStore({ dir, clock: later }),
      recoveryActions: [],
    });
    expect(await second.restore()).toEqual({ records: 3, breakers: ['kraken'], pending: [] });
    const restored = second.getCircuitBreaker('kraken');
    expect(restored.state).toBe('OPEN');
    expect(restored.retryAfterMs).toBe(35_000);
    expect(restored.stats()).toMatchObject({ failedRequests: 3, openedAt: T0, failureCount: 3 });
    expect(second.history().map((r) => r.id)).toEqual(before);

    // Still OPEN until the timeout is over, then a trial call is let through.
    expect(() => restored.call(() => 'early')).toThrow('Circuit breaker kraken is OPEN');
    later.set(T0 + 60_000);
    expect(restored.call(() => 'ok')).toBe('ok');
    expect(restored.state).toBe('CLOSED');
    await second.close();
  });

  it('loads a breakers.json written before settings were saved (version 1) next to a version 2 snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bw-restart-'));
    dirs.push(dir);
    const old = {
      version: 1,
      name: 'binance',
      state: 'OPEN',
      isolated: false,
      failureCount: 3,
      openedAt: T0,
      totalRequests: 3,
      successfulRequests: 0,
      failedRequests: 3,
      rejectedRequests: 0,
      lastFailureTime: T0,
      lastSuccessTime: null,
      savedAt: T0,
    };
    const clock = new ManualClock(T0);
    const kraken = new CircuitBreaker({
      name: 'kraken',
      clock,
      recoveryTimeoutMs: 30_000,
      strategies: [new FailureRate({ minimumCalls: 1 })],
    });
    kraken.recordFailure();
    await writeFile(
      join(dir, 'breakers.json'),
      `[\n${JSON.stringify(old)},\n${JSON.stringify(kraken.snapshot())}\n]\n`,
    );

    const later = new ManualClock(T0 + 10_000);
    const handler = new ErrorHandler(config, {
      clock: later,
      store: await fileStore({ dir, clock: later }),
      recoveryActions: [],
    });
    expect(await handler.restore()).toEqual({ records: 0, breakers: ['binance', 'kraken'], pending: [] });
    expect(handler.breakers.all().map((b) => [b.name, b.state, b.retryAfterMs])).toEqual([
      ['binance', 'OPEN', 50_000], // the configured 60 s: version 1 saved no settings
      ['kraken', 'OPEN', 20_000], // its own 30 s
    ]);
    await handler.close();
  });
});
