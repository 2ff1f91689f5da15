// The devtools issue's acceptance test: a real Node process (handler + startDevtoolsServer) and the built panel in
// headless Chromium. A breaker forced open by failures shows OPEN within 2 s, the panel's Reset closes it, and the
// API refuses every request without the token. Then the incident issue's (#11): a panel opened after the incident
// shows it (timeline, state chart), a rejected token stops the retries and says so, and an operator's switch to
// paper holds against the bot's automatic way back to live until released.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docsScreenshot, launchChromium, outputDir, screenshot, withPage } from './browser.ts';
import { bundleNodeScript, runCommand, spawnLineChild, type LineChild, type Message } from './nodeProcess.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const fixtureDir = join(import.meta.dirname, 'fixtures', 'devtools-bot');
/** The panel, built from the current sources by its own build script, next to (not over) apps/devtools/dist. */
const appBuildDir = join(outputDir, 'devtools-app');
const botScript = join(outputDir, 'devtools-bot', 'main.mjs');

/** The budget of the issue: from the breaker opening in the process to OPEN on the page. */
const OPEN_WITHIN_MS = 2000;

interface Ready {
  url: string;
  token: string;
  origin: string;
}

function ready(message: Message): Ready {
  const { url, token } = message;
  if (typeof url !== 'string' || typeof token !== 'string')
    throw new Error(`bad ready message: ${JSON.stringify(message)}`);
  return { url, token, origin: new URL(url).origin };
}

const row = (page: Page, name: string) => page.locator(`tr[data-breaker="${name}"]`);
const badge = (page: Page, name: string, state: 'OPEN' | 'CLOSED' | 'HALF_OPEN') =>
  row(page, name).locator(`[data-state="${state}"]`);

/** The breaker's state as the process itself sees it. */
async function stateInProcess(bot: LineChild, name: string): Promise<Message> {
  bot.send(`state ${name}`);
  return bot.next('state');
}

async function snapshotBreakers(server: Ready): Promise<Record<string, string>> {
  const response = await fetch(`${server.origin}/api/snapshot`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  expect(response.status).toBe(200);
  const snapshot = (await response.json()) as { breakers: Array<{ name: string; state: string }> };
  return Object.fromEntries(snapshot.breakers.map((b) => [b.name, b.state]));
}

describe('devtools: a Node process served to the panel in Chromium', () => {
  let bot: LineChild | undefined;
  let browser: Browser;
  let server: Ready;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let t = performance.now();
    // The app's own build script, as a user runs it (in a process of its own: vitest's NODE_ENV=test would give
    // React's development build); the bot bundled from source alongside.
    const env = { ...process.env };
    delete env['NODE_ENV'];
    await Promise.all([
      runCommand(
        'npm',
        [
          'run',
          'build',
          '-w',
          '@breakwater/devtools-app',
          '--',
          '--outDir',
          appBuildDir,
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        {
          cwd: repoRoot,
          env,
        },
      ),
      bundleNodeScript(join(fixtureDir, 'main.ts'), botScript),
    ]);
    timings['build app + bundle bot'] = performance.now() - t;
    t = performance.now();
    bot = spawnLineChild(botScript, { BREAKWATER_DEVTOOLS_APP_DIR: appBuildDir });
    [browser, server] = await Promise.all([launchChromium(), bot.next('ready', 15_000).then(ready)]);
    timings['start bot + chromium'] = performance.now() - t;
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), browser?.close()]);
    console.log(
      `devtools e2e timings (ms): ${Object.entries(timings)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(', ')}`,
    );
  });

  test('kraken forced open shows OPEN within 2 s, Reset closes it, requests without the token refused', async () => {
    await withPage(browser, 'devtools', async (page, problems) => {
      const bot_ = bot!;
      let t = performance.now();
      await page.goto(server.url);
      // Connected, with both venues' breakers from the first snapshot.
      await page.locator('[data-connection="open"]').waitFor({ timeout: 10_000 });
      await badge(page, 'kraken', 'CLOSED').waitFor({ timeout: 10_000 });
      await badge(page, 'binance', 'CLOSED').waitFor({ timeout: 10_000 });
      expect(await page.getByText('No token in this page').count()).toBe(0);
      timings['page connected'] = performance.now() - t;

      // When OPEN is rendered, by the page's own clock (epoch ms, same machine as the process).
      await page.evaluate(() => {
        const observer = new MutationObserver(() => {
          if (document.querySelector('tr[data-breaker="kraken"] [data-state="OPEN"]') === null) return;
          document.body.dataset['krakenOpenAt'] = String(Date.now());
          observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });

      // kraken's connection starts resetting: calls fail (after their retries) until its breaker trips.
      bot_.send('open kraken');
      const opened = await bot_.next('opened', 10_000);
      expect(opened).toMatchObject({ name: 'kraken', reason: 'failure-threshold' });
      const openedAt = opened['at'] as number;
      await badge(page, 'kraken', 'OPEN').waitFor({ timeout: Math.max(1, openedAt + OPEN_WITHIN_MS - Date.now()) });
      const shownAt = Number(await page.evaluate(() => document.body.dataset['krakenOpenAt']));
      timings['opened -> OPEN on page'] = shownAt - openedAt;
      expect(shownAt - openedAt).toBeLessThan(OPEN_WITHIN_MS);

      // Trouble first, with what tripped it; the healthy venue untouched.
      expect(await page.locator('tbody tr').first().getAttribute('data-breaker')).toBe('kraken');
      const krakenRow = await row(page, 'kraken').innerText();
      expect(krakenRow).toContain('OPEN');
      expect(krakenRow).toContain('3/3');
      expect(krakenRow).toMatch(/half-open in/);
      expect(await badge(page, 'binance', 'CLOSED').count()).toBe(1);
      await page.getByText('2 breakers: 1 open, 0 half-open, 1 closed').waitFor({ timeout: 2000 });
      await screenshot(page, 'devtools-open');

      // From Node, not the page: nothing without the (right) token, and a refused reset changes nothing.
      const refused = await Promise.all(
        [
          [`${server.origin}/api/snapshot`, {}],
          [`${server.origin}/api/events`, {}],
          [`${server.origin}/api/breakers/kraken/reset`, { method: 'POST' }],
          [
            `${server.origin}/api/mode`,
            { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":"paper"}' },
          ],
          [`${server.origin}/api/snapshot`, { headers: { authorization: 'Bearer not-the-token' } }],
          [`${server.origin}/api/events?token=not-the-token`, {}],
          // A POST must carry the token in its header: in the query it does not count.
          [`${server.origin}/api/breakers/kraken/reset?token=${encodeURIComponent(server.token)}`, { method: 'POST' }],
        ].map(async ([url, init]) => {
          const response = await fetch(url as string, init as RequestInit);
          await response.arrayBuffer();
          const method = (init as RequestInit).method ?? 'GET';
          const path = (url as string).replace(server.token, '<token>').replace(server.origin, '');
          return `${method} ${path} -> ${response.status} ${response.headers.get('www-authenticate') ?? ''}`;
        }),
      );
      expect(refused).toEqual([
        'GET /api/snapshot -> 401 Bearer',
        'GET /api/events -> 401 Bearer',
        'POST /api/breakers/kraken/reset -> 401 Bearer',
        'POST /api/mode -> 401 Bearer',
        'GET /api/snapshot -> 401 Bearer',
        'GET /api/events?token=not-the-token -> 401 Bearer',
        'POST /api/breakers/kraken/reset?token=<token> -> 401 Bearer',
      ]);
      expect(await stateInProcess(bot_, 'kraken')).toMatchObject({ state: 'OPEN', failureCount: 3 });
      expect(await snapshotBreakers(server)).toEqual({ kraken: 'OPEN', binance: 'CLOSED' });
      expect(await badge(page, 'kraken', 'OPEN').count()).toBe(1);

      // The panel's Reset (a POST with the token in its header) closes it, in the process and on the page.
      t = performance.now();
      await page.getByRole('button', { name: 'Reset kraken', exact: true }).click();
      // It asks first.
      await page.getByRole('group', { name: 'Confirm reset kraken' }).getByRole('button', { name: 'Confirm' }).click();
      await badge(page, 'kraken', 'CLOSED').waitFor({ timeout: 5000 });
      await page.getByRole('status', { name: 'Command result' }).getByText('kraken: reset').waitFor({ timeout: 2000 });
      timings['Reset click -> CLOSED on page'] = performance.now() - t;
      expect(await row(page, 'kraken').innerText()).toContain('0/3');
      expect(await stateInProcess(bot_, 'kraken')).toMatchObject({ state: 'CLOSED', failureCount: 0 });
      expect(await snapshotBreakers(server)).toEqual({ kraken: 'CLOSED', binance: 'CLOSED' });
      await page.getByText('2 breakers: 0 open, 0 half-open, 2 closed').waitFor({ timeout: 2000 });
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, 'devtools-after-reset');

      expect(problems).toEqual([]);
      expect(bot_.messages.filter((m) => m.type === 'error')).toEqual([]);
    });
  });

  test('a panel opened after the incident shows it: the transitions in the Timeline and the state chart', async () => {
    // The first test opened kraken and reset it before this page existed.
    await withPage(browser, 'devtools-after-incident', async (page, problems) => {
      await page.goto(server.url);
      await page.locator('[data-connection="open"]').waitFor({ timeout: 10_000 });
      await page.getByRole('tab', { name: 'Timeline (2)' }).click();
      const transitions = page.getByRole('list', { name: 'Transitions' }).locator('li');
      await transitions.first().waitFor({ timeout: 5000 });
      expect((await transitions.allInnerTexts()).map((t) => t.replace(/^\S+\s+/, '').replace(/\s+/g, ' '))).toEqual([
        'kraken OPEN → CLOSED reset',
        'kraken CLOSED → OPEN failure-threshold',
      ]);
      expect(await page.getByText('No breaker transitions yet.').count()).toBe(0);
      await page.getByRole('tab', { name: 'Charts' }).click();
      const lane = page.locator('svg [data-lane="kraken"]');
      await lane.waitFor({ timeout: 5000 });
      expect(await lane.locator('[data-state="OPEN"]').count()).toBeGreaterThan(0);
      await docsScreenshot(page, 'devtools-after-incident-charts');
      expect(problems).toEqual([]);
    });
  });

  test("a rejected token (an earlier run's address) stops the retries and says so", async () => {
    await withPage(browser, 'devtools-401', async (page, problems) => {
      const streams: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/events') streams.push(r.method());
      });
      await page.goto(server.url.replace(server.token, 'token-of-an-earlier-run'));
      await page.locator('[data-connection="rejected"]').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('status', { name: 'Connection' }).innerText()).toBe(
        'Token rejected (the server rejected this page’s token (401): probably the address of an earlier run; ' +
          'open the address the process printed this time)',
      );
      expect(await page.getByText('No circuit breakers yet').count()).toBe(0);
      expect(await page.getByText(/^Not connected/).count()).toBe(1);
      // The stream, and the HEAD that learns why it failed (EventSource never tells the status). Three seconds on
      // (a reconnecting source would have tried again within them, at 1 s then 2 s): nothing more.
      await page.waitForTimeout(3000);
      expect(streams).toEqual(['GET', 'HEAD']);
      await docsScreenshot(page, 'devtools-token-rejected');
      // The browser logs the 401s itself and may report the refused stream and its HEAD as aborted; nothing else.
      const expected = (p: string) =>
        /401/.test(p) ||
        (p.startsWith(`requestfailed: ${server.origin}/api/events`) && p.endsWith('(net::ERR_ABORTED)'));
      expect(problems.filter((p) => !expected(p))).toEqual([]);
    });
  });

  test("an operator's switch to paper holds against the bot's way back to live until released", async () => {
    await withPage(browser, 'devtools-paper-hold', async (page, problems) => {
      const bot_ = bot!;
      await page.goto(server.url);
      await page.locator('[data-connection="open"]').waitFor({ timeout: 10_000 });
      await page.getByRole('tab', { name: 'Stats' }).click();
      await page.getByRole('button', { name: 'Switch to paper' }).click();
      const mode = () => page.getByTestId('mode').innerText();
      await expect.poll(mode, { timeout: 5000 }).toBe('paper (held)');
      bot_.send('auto live');
      expect(await bot_.next('mode')).toMatchObject({ mode: 'paper', held: true, switched: false });
      await docsScreenshot(page, 'devtools-paper-held');
      await page.getByRole('button', { name: 'Release hold' }).click();
      await expect.poll(mode, { timeout: 5000 }).toBe('paper');
      bot_.send('auto live');
      expect(await bot_.next('mode')).toMatchObject({ mode: 'live', held: false, switched: true });
      await expect.poll(mode, { timeout: 5000 }).toBe('live');
      expect(problems).toEqual([]);
    });
  });
});
