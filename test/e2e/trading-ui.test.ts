// The trading-ui issue's acceptance test: the built app served by the exchange simulator (same origin), in
// headless Chromium. Live price → an order on the exchange → maintenance outage (banner says so plainly, the
// ticker keeps its last price with a stale badge, a new order becomes a paper order, the market-data breaker
// opens and the screen asks the exchange LESS often than when it answered) → back to live → reload: the
// history recorded during the outage comes back from IndexedDB, exactly. Then a rate limit, named as one.
// The README's screenshots of the screen (docs/screenshots/) are taken here.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadScenarioFile, scenarioFile, startExchangeSim, type ExchangeSim } from '@breakwater/exchange-sim';
import { docsScreenshot, launchChromium, outputDir, screenshot, withPage } from './browser.ts';
import { runCommand } from './nodeProcess.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
/** The app, built from the current sources by its own build script, next to (not over) apps/trading-ui/dist. */
const appBuildDir = join(outputDir, 'trading-ui-app');
const DB_NAME = 'breakwater-trading-ui';

/** The outage must be said within this long (the ticker polls every second). */
const SAID_WITHIN_MS = 5000;
/** API requests per second the simulator counts over the next `ms` (real time: the browser polls in real time). */
async function requestRate(sim: ExchangeSim, ms: number): Promise<number> {
  const from = sim.stats().requests;
  const t = performance.now();
  await sleep(ms);
  return (sim.stats().requests - from) / ((performance.now() - t) / 1000);
}

/** Only the exchange's deliberate error answers (`status`, on /api/) and Chromium's console line for each. */
function unexpectedProblems(problems: string[], sim: ExchangeSim, statuses: number[]): string[] {
  const api = `${sim.url}/api/`;
  return problems.filter(
    (p) =>
      !statuses.some(
        (status) =>
          p.startsWith(`http ${status}: ${api}`) ||
          (p.startsWith(`console.error: Failed to load resource: the server responded with a status of ${status}`) &&
            p.includes(`(${api}`)),
      ),
  );
}

const banner = (page: Page) => page.getByTestId('status-banner');

async function lastPrice(page: Page): Promise<number> {
  return Number((await page.getByTestId('ticker-price').innerText()).replace(/,/g, ''));
}

async function placeOrder(page: Page, side: 'buy' | 'sell', amount: number, price: number): Promise<void> {
  await page.locator('select[name="side"]').selectOption(side);
  await page.locator('input[name="amount"]').fill(String(amount));
  await page.locator('input[name="price"]').fill(String(price));
  await page.locator('form[aria-label="Order form"] button[type="submit"]').click();
}

/** The history count as the devtools panel's History tab shows it (opening the panel if needed). */
async function historyCountInPanel(page: Page): Promise<number> {
  const toggle = page.getByRole('button', { name: 'Open Breakwater devtools' });
  if ((await toggle.count()) > 0) await toggle.click();
  const tab = page.getByRole('tab', { name: /^History \(/ });
  await tab.click();
  const label = await tab.innerText();
  const match = /^History \(([\d,]+)\)$/.exec(label.trim());
  if (!match) throw new Error(`unexpected History tab label: ${label}`);
  const count = Number(match[1]!.replace(/,/g, ''));
  // The tab's own status line says the same.
  const status = page.locator('#bw-tabpanel-history [role="status"]');
  await expect
    .poll(() => status.innerText(), { timeout: 5000 })
    .toMatch(count === 0 ? /^0 errors/ : new RegExp(`^${match[1]} errors`));
  return count;
}

/** Records in the page's IndexedDB history, read straight from the database (chunk summaries' counts). */
function historyCountInDb(page: Page): Promise<number> {
  return page.evaluate(
    (dbName) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('chunkIndex')) {
            db.close();
            resolve(0);
            return;
          }
          const keys = db.transaction('chunkIndex', 'readonly').objectStore('chunkIndex').getAllKeys();
          keys.onerror = () => reject(keys.error);
          keys.onsuccess = () => {
            db.close();
            resolve((keys.result as Array<[number, number]>).reduce((sum, key) => sum + key[1], 0));
          };
        };
      }),
    DB_NAME,
  );
}

describe('trading-ui: the browser trading screen through an exchange outage', () => {
  let sim: ExchangeSim;
  let browser: Browser;
  const timings: Record<string, number> = {};
  const rates: Record<string, number> = {};

  beforeAll(async () => {
    const t = performance.now();
    // The app's own build script, as a user runs it (in a process of its own: vitest's NODE_ENV=test would give
    // React's development build).
    const env = { ...process.env };
    delete env['NODE_ENV'];
    const [, scenario] = await Promise.all([
      runCommand(
        'npm',
        [
          'run',
          'build',
          '-w',
          '@breakwater/trading-ui',
          '--',
          '--outDir',
          appBuildDir,
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        { cwd: repoRoot, env },
      ),
      loadScenarioFile(scenarioFile('calm')),
    ]);
    timings['build app'] = performance.now() - t;
    [sim, browser] = await Promise.all([
      startExchangeSim({ port: 0, seed: 1, scenario, staticDir: appBuildDir }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([sim?.close(), browser?.close()]);
    console.log(
      `trading-ui e2e timings (ms): ${Object.entries(timings)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(', ')}`,
    );
    console.log(
      `trading-ui e2e requests/s: ${Object.entries(rates)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
  });

  // Says paper mode plainly, keeps the last price as stale, takes paper orders, sends fewer requests and opens a
  // breaker; goes back to live; the history survives a reload.
  test('outage: paper mode, stale price, paper orders, fewer requests, open breaker; live again; reload', async () => {
    await withPage(browser, 'trading-ui', async (page, problems) => {
      let t = performance.now();
      await page.goto(`${sim.url}/`);

      // Live: a fresh price, the banner says so.
      await page.getByTestId('live-badge').waitFor({ timeout: 10_000 });
      await expect.poll(() => banner(page).getAttribute('data-status'), { timeout: 5000 }).toBe('live');
      expect(await page.getByTestId('status-text').innerText()).toBe('Live');
      const livePrice = await lastPrice(page);
      expect(livePrice).toBeGreaterThan(0);
      timings['page live'] = performance.now() - t;

      // An order resting well below the market: on the exchange, and in the open orders.
      await placeOrder(page, 'buy', 0.01, Math.round(livePrice * 0.8));
      await page.locator('[data-testid="order-outcome"][data-kind="placed"]').waitFor({ timeout: 10_000 });
      const liveRows = page.locator('[data-testid="order-row"][data-paper="false"]');
      await expect.poll(() => liveRows.count(), { timeout: 5000 }).toBe(1);
      expect(sim.orders()).toHaveLength(1);
      expect(sim.orders()[0]).toMatchObject({ side: 'buy', amount: 0.01, status: 'open' });
      const historyBefore = await historyCountInPanel(page); // calm market: nothing has failed yet
      expect(historyBefore).toBe(0);
      await page.getByRole('button', { name: 'Close Breakwater devtools' }).click();
      await docsScreenshot(page, 'trading-screen-live');

      // The screen's request rate while the exchange answers: a ticker poll a second, open orders every 2 s.
      rates['answering'] = await requestRate(sim, 4000);
      expect(rates['answering']).toBeGreaterThan(1);

      // Maintenance: the banner says it in words within a few seconds; the ticker keeps the last known price,
      // marked stale with its age (not a spinner).
      t = performance.now();
      const outageFrom = sim.stats().requests;
      sim.setOutage('maintenance');
      await expect.poll(() => banner(page).getAttribute('data-status'), { timeout: SAID_WITHIN_MS }).toBe('paper');
      expect(await page.getByTestId('status-text').innerText()).toBe('Exchange under maintenance — paper trading');
      expect(await banner(page).innerText()).toMatch(/Orders are simulated here and not sent to the exchange/);
      timings['outage -> banner'] = performance.now() - t;
      await page.getByTestId('stale-badge').waitFor({ timeout: SAID_WITHIN_MS });
      timings['outage -> stale badge'] = performance.now() - t;
      const stalePrice = await lastPrice(page);
      expect(stalePrice).toBeGreaterThan(0);
      await expect
        .poll(() => page.getByTestId('stale-badge').innerText(), { timeout: 5000 })
        .toMatch(/^stale · last live price \d+ s ago$/);
      expect(await page.getByTestId('live-badge').count()).toBe(0);
      expect(await page.getByTestId('ticker-empty').count()).toBe(0);
      await page.getByTestId('orders-stale').waitFor({ timeout: 5000 }); // the open-orders list as last seen
      expect(await liveRows.count()).toBe(1);
      await screenshot(page, 'trading-ui-outage');

      // An order now is a paper order, shown as one; nothing reaches the exchange.
      await placeOrder(page, 'buy', 0.02, Math.round(stalePrice * 0.8));
      await page.locator('[data-testid="order-outcome"][data-kind="paper"]').waitFor({ timeout: 5000 });
      expect(await page.getByTestId('order-outcome').innerText()).toMatch(
        /^Paper order PAPER-1: exchange down, nothing was sent/,
      );
      const paperRows = page.locator('[data-testid="order-row"][data-paper="true"]');
      await expect.poll(() => paperRows.count(), { timeout: 5000 }).toBe(1);
      expect(await paperRows.first().innerText()).toContain('PAPER');
      expect(sim.orders()).toHaveLength(1);
      expect(sim.stats().duplicateOrderAttempts).toBe(0);

      // The market-data breaker opens (5 failed polls, backed off: about 8 s) and the banner says so; from then
      // on the screen asks at the breaker's pace. Over the whole outage so far, and while the breaker is open,
      // the screen sends fewer requests than when the exchange answered.
      await expect.poll(() => banner(page).getAttribute('data-breaker'), { timeout: 15_000 }).toBe('open');
      expect(await page.getByTestId('status-breaker').innerText()).toMatch(
        /^market-data breaker open: requests paused after repeated failures — next try in [1-5] s$/,
      );
      timings['outage -> breaker open'] = performance.now() - t;
      rates['outage until the breaker opened'] = (sim.stats().requests - outageFrom) / ((performance.now() - t) / 1000);
      await docsScreenshot(page, 'trading-screen-maintenance');
      rates['breaker open'] = await requestRate(sim, 4000);
      expect(rates['outage until the breaker opened']).toBeLessThan(rates['answering']);
      expect(rates['breaker open']).toBeLessThan(rates['answering'] / 2);

      // Exchange back: live again by itself (the breaker's trial, then three good ticker answers in a row), a
      // fresh price, no stale badge; the banner clears after a sustained recovery (3 answers over 5 s).
      t = performance.now();
      sim.setOutage(null);
      await expect.poll(() => banner(page).getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
      expect(await banner(page).getAttribute('data-breaker')).toBe('closed');
      await page.getByTestId('live-badge').waitFor({ timeout: 5000 });
      expect(await page.getByTestId('stale-badge').count()).toBe(0);
      expect(await page.getByTestId('status-text').innerText()).toBe('Live');
      await expect.poll(() => page.getByTestId('orders-stale').count(), { timeout: 5000 }).toBe(0);
      timings['recovery -> Live'] = performance.now() - t;
      await screenshot(page, 'trading-ui-recovered');

      // What the outage left in the history, in the panel and (once written) in IndexedDB.
      const historyAfterOutage = await historyCountInPanel(page);
      expect(historyAfterOutage).toBeGreaterThan(0);
      await expect.poll(() => historyCountInDb(page), { timeout: 10_000 }).toBe(historyAfterOutage);
      expect(await historyCountInPanel(page)).toBe(historyAfterOutage); // nothing new since (calm market)

      // Reload: the same history comes back from IndexedDB, exactly.
      t = performance.now();
      await page.reload();
      await page.getByTestId('live-badge').waitFor({ timeout: 10_000 });
      await expect.poll(() => historyCountInPanel(page), { timeout: 5000 }).toBe(historyAfterOutage);
      expect(await historyCountInDb(page)).toBe(historyAfterOutage);
      // The rows are the outage's: maintenance errors of the ticker (and the order polls).
      expect(await page.locator('#bw-tabpanel-history').innerText()).toMatch(/OnMaintenance/);
      timings['reload -> history back'] = performance.now() - t;
      await screenshot(page, 'trading-ui-after-reload');

      // No page errors. During the outage the exchange answers 503 on purpose: those responses (and Chromium's
      // console line for each) are expected, on /api/ only; anything else is a problem.
      expect(unexpectedProblems(problems, sim, [503])).toEqual([]);
    });
  });

  test('rate limit: named as a rate limit (not an outage), and said only once it holds', async () => {
    await withPage(browser, 'trading-ui-rate-limit', async (page, problems) => {
      sim.setOutage(null); // whatever the test before left
      await page.goto(`${sim.url}/`);
      await page.getByTestId('live-badge').waitFor({ timeout: 10_000 });
      const t = performance.now();
      sim.setOutage('rateLimit', { retryAfterS: 2 });
      await expect.poll(() => banner(page).getAttribute('data-status'), { timeout: 10_000 }).toBe('rate-limit');
      timings['rate limit -> banner'] = performance.now() - t;
      expect(await page.getByTestId('status-text').innerText()).toBe(
        'Rate limited by the exchange — asking less often',
      );
      // The last good price stands in; rate limits never switch to paper trading.
      expect(await lastPrice(page)).toBeGreaterThan(0);
      await docsScreenshot(page, 'trading-screen-rate-limit');
      sim.setOutage(null);
      expect(unexpectedProblems(problems, sim, [429])).toEqual([]);
    });
  });
});
