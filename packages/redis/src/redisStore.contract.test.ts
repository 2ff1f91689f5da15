import { afterAll, beforeAll } from 'vitest';
import { runContractWithVitest } from '../../../test/contract/runContractWithVitest.ts';
import { redisStore } from './redisStore.ts';
import { startRedisServer, type RedisServer } from './testing/redisServer.ts';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

// Each store gets its own key prefix on the one server; `reopen` opens the prefix of the latest `create`.
let n = 0;
let last = '';
runContractWithVitest('redis', {
  create: async (options) => redisStore({ url: server.url, keyPrefix: (last = `contract-${++n}`), ...options }),
  reopen: async (options) => redisStore({ url: server.url, keyPrefix: last, ...options }),
});
