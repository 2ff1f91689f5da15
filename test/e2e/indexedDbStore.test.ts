// @breakwater/browser's indexedDbStore on Chromium's real IndexedDB: the shared HistoryStore contract, history
// that a reload (and a browser restart) finds still there, and two tabs of one origin sharing one database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, mergeConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { historyStoreContract, record, snapshot, T0 } from '../contract/historyStoreContract.ts';
import { sharedConfig } from '../vitest.shared.ts';
import {
  collectProblems,
  launchChromium,
  launchPersistentChromium,
  outputDir,
  screenshot,
  withPage,
} from './browser.ts';
import type { ContractCaseResult, IdbPageApi } from './fixtures/idb-page/api.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

const fixtureDir = join(import.meta.dirname, 'fixtures/idb-page');
const buildDir = join(outputDir, 'idb-page');

/** Calls the page's `window.idbPage[method](...args)`. */
function call<M extends keyof IdbPageApi>(
  page: Page,
  method: M,
  ...args: Parameters<IdbPageApi[M]>
): Promise<Awaited<ReturnType<IdbPageApi[M]>>> {
  return page.evaluate(
    ([m, a]) => {
      const api = (window as unknown as { idbPage: Record<string, (...args: unknown[]) => Promise<unknown>> }).idbPage;
      return api[m]!(...a);
    },
    [method, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<IdbPageApi[M]>>>;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const expectedHistory = (n: number) => ({
  mode: 'indexeddb',
  records: range(n)
    .reverse()
    .map((i) => record(i)),
  breakers: [snapshot('binance', 'CLOSED', T0), snapshot('kraken', 'OPEN', T0)],
  count: n,
});

describe('indexedDbStore in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    await build(
      mergeConfig(sharedConfig(), {
        configFile: false,
        root: fixtureDir,
        base: './',
        logLevel: 'warn',
        build: { outDir: buildDir, emptyOutDir: true, sourcemap: true },
      }),
    );
    [server, browser] = await Promise.all([serveStatic(buildDir), launchChromium()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  test('passes the HistoryStore contract on real IndexedDB, without falling back', async () => {
    await withPage(browser, 'idb-contract', async (page, problems) => {
      await page.goto(`${server.url}?contract`);
      await page.waitForFunction(() => document.body.dataset['contract'] ?? document.body.dataset['error'], undefined, {
        timeout: 30_000,
      });
      expect(await page.evaluate(() => document.body.dataset['error'])).toBeUndefined();
      const results = JSON.parse(
        (await page.evaluate(() => document.body.dataset['contract']))!,
      ) as ContractCaseResult[];
      const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
      expect(failures).toEqual([]);
      // Every case of the contract ran (the page runs the same list).
      expect(results.map((r) => r.name)).toEqual(historyStoreContract.map((c) => c.name));
      // A store that fell back to memory passes the contract too: every store must have stayed on IndexedDB.
      expect(results.flatMap((r) => r.fallbacks)).toEqual([]);
      // `pending`: a store closed before its first call (the close() case) never opened anything.
      const modes = results.flatMap((r) => r.modes);
      expect(modes.filter((m) => m !== 'indexeddb' && m !== 'pending')).toEqual([]);
      expect(modes.filter((m) => m === 'indexeddb').length).toBeGreaterThanOrEqual(12);
      expect(problems).toEqual([]);
      await screenshot(page, 'idb-contract');
    });
  });

  test('a reload finds the history still there, exactly', async () => {
    await withPage(browser, 'idb-reload', async (page, problems) => {
      await page.goto(server.url);
      expect(await call(page, 'writeHistory', 'breakwater-e2e-reload', 25)).toEqual({
        mode: 'indexeddb',
        fallbacks: [],
      });
      await page.reload();
      expect(await call(page, 'readHistory', 'breakwater-e2e-reload')).toEqual(expectedHistory(25));
      expect(problems).toEqual([]);
      await screenshot(page, 'idb-reload');
    });
  });

  test('a history of schema version 1 (a row per record) is all there, in order, after the upgrade', async () => {
    await withPage(browser, 'idb-v1-upgrade', async (page, problems) => {
      await page.goto(server.url);
      await call(page, 'writeVersionOne', 'breakwater-e2e-v1', 1_050); // over one page of the migration's reads
      await page.reload();
      expect(await call(page, 'readHistory', 'breakwater-e2e-v1')).toEqual(expectedHistory(1_050));
      expect(problems).toEqual([]);
    });
  });

  test('a browser restart on the same profile finds the history still there', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'breakwater-idb-profile-'));
    try {
      for (const step of ['write', 'read'] as const) {
        const context = await launchPersistentChromium(profile);
        try {
          const page = await context.newPage();
          const problems = collectProblems(page);
          await page.goto(server.url);
          if (step === 'write')
            expect(await call(page, 'writeHistory', 'breakwater-e2e-restart', 12)).toEqual({
              mode: 'indexeddb',
              fallbacks: [],
            });
          else expect(await call(page, 'readHistory', 'breakwater-e2e-restart')).toEqual(expectedHistory(12));
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });

  test('two tabs of one origin share one database: interleaved and concurrent appends, each seen by both', async () => {
    await withPage(browser, 'idb-tabs', async (a, problems) => {
      const b = await a.context().newPage();
      problems.push(...collectProblems(b));
      await Promise.all([a.goto(server.url), b.goto(server.url)]);
      const db = 'breakwater-e2e-tabs';
      for (let i = 0; i < 6; i++) await call(i % 2 === 0 ? a : b, 'append', db, [`t${i}`]);
      const interleaved = ['t5', 't4', 't3', 't2', 't1', 't0'];
      expect(await call(a, 'ids', db)).toEqual(interleaved);
      expect(await call(b, 'ids', db)).toEqual(interleaved);

      // Ten batches of ten at once from both tabs: each lands whole, none is lost.
      const batch = (tab: string, n: number) => range(10).map((k) => `${tab}${n}.${k}`);
      await Promise.all(
        range(10).map((n) => call(n % 2 === 0 ? a : b, 'append', db, batch(n % 2 === 0 ? 'a' : 'b', n))),
      );
      const seenByA = await call(a, 'ids', db);
      expect(await call(b, 'ids', db)).toEqual(seenByA);
      const concurrent = seenByA.slice(0, 100).reverse();
      expect(new Set(concurrent).size).toBe(100);
      for (let i = 0; i < 100; i += 10) {
        const [prefix] = concurrent[i]!.split('.');
        expect(concurrent.slice(i, i + 10)).toEqual(range(10).map((k) => `${prefix}.${k}`));
      }
      expect(problems).toEqual([]);
      await screenshot(a, 'idb-tabs');
    });
  });

  test('a tab lets another tab upgrade the database, then falls back to memory with a warning event', async () => {
    await withPage(browser, 'idb-upgrade', async (a, problems) => {
      const b = await a.context().newPage();
      await Promise.all([a.goto(server.url), b.goto(server.url)]);
      const db = 'breakwater-e2e-upgrade';
      expect(await call(a, 'append', db, ['u0'])).toEqual({ mode: 'indexeddb', fallbacks: [] });
      // One past this code's schema (HISTORY_DB_VERSION is 3): a newer release.
      expect(await call(b, 'upgrade', db, 4)).toEqual({ blocked: false, version: 4 });
      const after = await call(a, 'append', db, ['u1']);
      expect(after.mode).toBe('memory');
      expect(after.fallbacks).toEqual([
        {
          type: 'store.fallback',
          reason: 'newer-version',
          error: expect.stringMatching(/^VersionError: /),
          kept: 0,
          at: T0,
        },
      ]);
      expect(await call(a, 'ids', db)).toEqual(['u1']);
      expect(problems).toEqual([]);
    });
  });
});
