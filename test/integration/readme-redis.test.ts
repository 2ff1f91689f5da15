// The root README's examples that need Redis are `ts no-run` (readme-snippets.test.ts only type-checks them);
// here they run, each as readme-snippets runs the others, against a private redis-server given as REDIS_URL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '@breakwater/redis/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extractTsBlocks } from './support/markdownSnippets.ts';
import { repoRoot } from './support/paths.ts';
import { formatRun, runSnippet } from './support/snippetRunner.ts';

const blocks = extractTsBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8')).filter((b) =>
  b.code.includes("from '@breakwater/redis'"),
);

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url; // the snippet's child process inherits it
});
afterAll(async () => {
  delete process.env.REDIS_URL;
  await server?.stop();
});

describe('README.md examples on Redis', () => {
  test('there are two (the rate limit, shared breakers), both no-run (they need a Redis)', () => {
    expect(blocks.map((b) => b.run)).toEqual([false, false]);
  });

  for (const block of blocks) {
    test(`block ${block.index} (line ${block.line}) runs against a private redis-server`, async () => {
      const run = await runSnippet({ ...block, run: true }, { document: 'README.md' });
      if (run.status !== 'passed') throw new Error(formatRun('README.md', run));
      if (block.code.includes('sharedBreakers')) {
        expect(run.stdout).toBe('OPEN isolate remote\n');
        return;
      }
      const [, wait] = /^\{ BTC: 0\.5 \}\n\{ allowed: false, retryAfterMs: (\d+), source: 'redis' \}\n$/.exec(
        run.stdout,
      ) ?? [run.stdout];
      expect(Number(wait)).toBeGreaterThan(500); // the pause of 1000 ms, less the real time since
      expect(Number(wait)).toBeLessThanOrEqual(1000);
    });
  }
});
