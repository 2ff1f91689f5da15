// @breakwater/core bundled by Vite from source and run in Chromium, in the page and in a module Web Worker.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, mergeConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharedConfig } from '../vitest.shared.ts';
import { launchChromium, outputDir, screenshot, withPage } from './browser.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

const fixtureDir = join(import.meta.dirname, 'fixtures/core-page');
const buildDir = join(outputDir, 'core-page');

function expectedRun(scope: string, hasDocument: boolean) {
  return {
    scope,
    hasDocument,
    breaker: {
      stateAfterFailures: 'OPEN',
      rejection: { name: 'CircuitOpenError', message: 'Circuit breaker venue is OPEN', retryAfterMs: 5000 },
      recovered: 'filled',
      finalState: 'CLOSED',
      events: [
        '1000 call failure',
        '1000 call failure',
        '1000 state CLOSED>OPEN failure-threshold',
        '1000 rejected OPEN retryAfterMs=5000',
        '6000 state OPEN>HALF_OPEN recovery-timeout',
        '6000 call success',
        '6000 state HALF_OPEN>CLOSED half-open-success',
      ],
    },
    retry: {
      value: 'ok on attempt 2',
      attempts: 3,
      events: [
        '6000 scheduled attempt=0 delayMs=100 RateLimitError',
        '6100 scheduled attempt=1 delayMs=200 RateLimitError',
      ],
      now: 6300,
    },
  };
}

describe('@breakwater/core in Chromium', () => {
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
        worker: { format: 'es' },
      }),
    );
    [server, browser] = await Promise.all([serveStatic(buildDir), launchChromium()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  test('a breaker opens and recovers, and a retry succeeds, in the page and in a module worker', async () => {
    await withPage(browser, 'core-page', async (page, problems) => {
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.dataset['result'] ?? document.body.dataset['error'], undefined, {
        timeout: 15_000,
      });
      expect(await page.evaluate(() => document.body.dataset['error'])).toBeUndefined();
      const result: unknown = JSON.parse((await page.evaluate(() => document.body.dataset['result']))!);
      expect(result).toEqual({ page: expectedRun('page', true), worker: expectedRun('worker', false) });
      expect(problems).toEqual([]);
      await screenshot(page, 'core-page');
    });
  });
});
