import { systemClock, type ErrorRecord } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { record } from '../../../test/contract/historyStoreContract.ts';
import type { RedisCommandSender } from './RedisConnection.ts';
import { redisStore, type RedisStore } from './redisStore.ts';
import type { RedisStoreEvent } from './RedisStoreEvent.ts';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

// Redis trouble is real here (a server SIGKILLed and restarted on its port), so these tests wait on real I/O
// with short timeouts; no assertion depends on how long anything took beyond "not stuck".
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer({ persist: true });
});
afterAll(() => server?.stop());

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i));
const ids = (records: readonly ErrorRecord[]) => records.map((r) => r.id);
let n = 0;
function open(options: Partial<Parameters<typeof redisStore>[0]> = {}) {
  // 1 s: short enough to show the bound, long enough that a loaded CI machine does not time out while Redis is up.
  const store = redisStore({
    url: server.url,
    keyPrefix: `store-${++n}`,
    clock: systemClock(),
    timeoutMs: 1000,
    retryIntervalMs: 50,
    ...options,
  });
  const events: RedisStoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return { store, events };
}
async function readAll(store: RedisStore): Promise<ErrorRecord[]> {
  const page = await store.query({ limit: 1000 });
  return page.records;
}

describe('redisStore when Redis goes away', () => {
  it('Redis SIGKILLed, restarted: appends still acknowledged, the buffer written on return, none lost', async () => {
    const { store, events } = open();
    await store.append(range(0, 10));
    await server.kill();

    const started = Date.now();
    await store.append(range(10, 15)); // the first failure: waits for one timeout at most
    await store.append(range(15, 20)); // Redis known away: no wait at all
    expect(Date.now() - started).toBeLessThan(2000); // at most one timeout (1000 ms), not one per append
    expect(store.stats()).toEqual({ buffered: 10, written: 10, dropped: 0 });
    expect(events.map((e) => e.type)).toEqual(['redis-unavailable']);
    await expect(store.query()).rejects.toThrow(/^redis: query: Redis failed: /);

    await server.start();
    await vi.waitFor(() => expect(store.stats().buffered).toBe(0), { timeout: 5000, interval: 20 });
    expect(events.slice(1)).toEqual([{ type: 'redis-restored', written: 10 }]);
    expect(store.stats()).toEqual({ buffered: 0, written: 20, dropped: 0 });
    expect(ids(await readAll(store))).toEqual(ids(range(0, 20).reverse()));
    expect((await store.query({ limit: 1 })).records).toEqual([record(19)]);
    await store.close();
  }, 15_000);

  it('keeps at most maxBuffered records, dropping the oldest and counting them', async () => {
    const { store, events } = open({ maxBuffered: 5 });
    await server.kill();
    await store.append(range(0, 3));
    await store.append(range(3, 7));
    expect(store.stats()).toEqual({ buffered: 5, written: 0, dropped: 2 });
    expect(events.filter((e) => e.type === 'records-dropped')).toEqual([
      { type: 'records-dropped', count: 2, total: 2 },
    ]);
    await expect(store.flush()).rejects.toThrow(/^redis: flush: 5 records still buffered: Redis failed: /);
    await server.start();
    await vi.waitFor(() => expect(store.stats().buffered).toBe(0), { timeout: 5000, interval: 20 });
    expect(ids(await readAll(store))).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
    await store.close();
  }, 15_000);

  it('close() with Redis away says how many buffered records it could not write', async () => {
    const { store } = open();
    await server.kill();
    await store.append(range(0, 4));
    await expect(store.close()).rejects.toThrow(/^redis: close: 4 buffered records were not written: Redis failed: /);
    await expect(store.append(range(4, 5))).rejects.toThrow('redis: store is closed');
    await server.start();
  }, 15_000);
});

describe('redisStore', () => {
  it('writes a batch once even when its first try timed out after running on the server', async () => {
    const client = createClient({ url: server.url });
    await client.connect();
    let lied = false;
    // The script runs, but the caller sees a timeout: the case `rejectInFlight` makes possible.
    const flaky: RedisCommandSender = {
      async sendCommand(args, options) {
        const reply = await client.sendCommand([...args], options);
        if (!lied && (args[0] === 'EVALSHA' || args[0] === 'EVAL')) {
          lied = true;
          throw new Error('Timeout reading the reply');
        }
        return reply;
      },
    };
    const store = redisStore({ client: flaky, keyPrefix: `store-${++n}`, clock: new ManualClock(0) });
    await store.append(range(0, 3));
    expect(store.stats()).toEqual({ buffered: 3, written: 0, dropped: 0 });
    await store.flush();
    expect(store.stats()).toEqual({ buffered: 0, written: 3, dropped: 0 });
    expect(await store.count()).toBe(3);
    await store.close();
    expect(client.isReady).toBe(true); // a client given stays the caller's
    await client.close();
  });

  it('never waits on a Redis that does not answer longer than its timeout', async () => {
    const silent: RedisCommandSender = { sendCommand: () => new Promise(() => undefined) };
    const store = redisStore({ client: silent, clock: new ManualClock(0), timeoutMs: 40 });
    const started = Date.now();
    await store.append([record(1)]);
    await expect(store.count()).rejects.toThrow('redis: count: Redis failed: Redis XLEN did not answer within 40 ms');
    expect(Date.now() - started).toBeLessThan(500);
    await expect(store.close()).rejects.toThrow('redis: close: 1 buffered records were not written');
  });

  it('ids stay in append order across processes even when timestamps go backwards', async () => {
    const prefix = `store-${++n}`;
    const a = redisStore({ url: server.url, keyPrefix: prefix, clock: new ManualClock(0) });
    const b = redisStore({ url: server.url, keyPrefix: prefix, clock: new ManualClock(0) });
    await a.append([record(5)]);
    await b.append([record(1)]); // older timestamp, appended later: its id takes r5's millisecond
    await a.append([record(3)]);
    expect(ids(await readAll(b))).toEqual(['r3', 'r1', 'r5']);
    expect(ids((await b.query({ from: record(3).timestamp })).records)).toEqual(['r3', 'r5']);
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects bad options, naming the value', () => {
    expect(() => redisStore({ url: server.url, timeoutMs: 0 })).toThrow(
      new RangeError('redisStore: timeoutMs must be a finite number > 0, got 0'),
    );
    expect(() => redisStore({ url: server.url, maxBuffered: -1 })).toThrow(
      new RangeError('redisStore: maxBuffered must be a positive integer, got -1'),
    );
    expect(() => redisStore({ url: server.url, keyPrefix: '' })).toThrow(
      new RangeError('redisStore: keyPrefix must be a non-empty string, got ""'),
    );
    expect(() => redisStore({ url: server.url, retention: { maxRecords: -1 } })).toThrow(
      'redis: retention.maxRecords must be a non-negative integer, got -1',
    );
    expect(() => redisStore({})).toThrow(
      new RangeError('redisStore: url must be a redis:// or rediss:// URL, got undefined'),
    );
  });
});
