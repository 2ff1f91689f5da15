import { afterAll, beforeAll } from 'vitest';
import { runContractWithVitest } from '../../../test/contract/runContractWithVitest.ts';
import { redisStore } from './redisStore.ts';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

// Each store gets its own key prefix on the one server; `reopen` opens the prefix of the latest `create`. The
// contract is about behaviour, not timeouts: a generous one keeps a loaded CI machine from buffering appends.
let n = 0;
let last = '';
runContractWithVitest('redis', {
  create: async (options) =>
    redisStore({ url: server.url, keyPrefix: (last = `contract-${++n}`), timeoutMs: 5000, ...options }),
  reopen: async (options) => redisStore({ url: server.url, keyPrefix: last, timeoutMs: 5000, ...options }),
});
