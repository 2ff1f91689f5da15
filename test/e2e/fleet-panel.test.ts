// Acceptance (issue #12, the fleet view): `npm run fleet` with two bots, and the one address it prints opened in
// headless Chromium: one panel shows both processes' breakers, each named by its process, read across origins
// (bot-2's server allows bot-1's page) with nothing refused; a Reset from the merged view reaches the right bot.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshot, withPage } from './browser.ts';

const repo = join(import.meta.dirname, '..', '..');
let fleet: ChildProcess | undefined;
let browser: Browser | undefined;
const killFleet = () => fleet?.kill('SIGKILL');
process.once('exit', killFleet);

afterAll(async () => {
  await browser?.close();
  if (fleet && fleet.exitCode === null && fleet.signalCode === null) {
    const exited = new Promise((resolve) => fleet!.once('exit', resolve));
    fleet.kill('SIGINT'); // the fleet stops its children itself
    await exited;
  }
  process.off('exit', killFleet);
});

describe('the fleet panel in Chromium', () => {
  test('one address shows both bots’ breakers, each named by its process, with no request refused', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FLEET_BOTS: '2', BOT_TICK_MS: '200' };
    delete env['NODE_ENV']; // the panel, if built here, is React's production build
    fleet = spawn(process.execPath, [join(repo, 'scripts', 'fleet.mjs')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    const address = new Promise<string>((resolve, reject) => {
      createInterface({ input: fleet!.stdout! }).on('line', (line) => {
        const match = /^\[fleet\] panel \(every bot, each named\): (\S+)$/.exec(line);
        if (match) resolve(match[1]!);
      });
      fleet!.once('exit', (code) =>
        reject(new Error(`the fleet exited with ${code} before printing its panel address`)),
      );
    });
    const [panel, launched] = await Promise.all([address, launchChromium()]);
    browser = launched;

    await withPage(browser, 'fleet-panel', async (page, problems) => {
      await page.goto(panel);
      for (const name of ['bot-1 / kraken-api', 'bot-2 / kraken-api']) {
        await page.locator(`tr[data-breaker="${name}"]`).waitFor({ timeout: 10_000 });
      }
      expect(await page.getByTestId('fleet-processes').textContent()).toBe('bot-1, bot-2');
      expect(await page.getByRole('combobox', { name: 'Process' }).locator('option').allTextContents()).toEqual([
        'All processes (2)',
        'bot-1 — open',
        'bot-2 — open',
      ]);
      // A command from the merged view goes to the process named in the row (bot-2's server, across origins).
      const reset = page.waitForResponse(
        (r) => r.url().includes('/api/breakers/kraken-api/reset') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Reset bot-2 / kraken-api' }).click();
      await page
        .getByRole('group', { name: 'Confirm reset bot-2 / kraken-api' })
        .getByRole('button', { name: 'Confirm' })
        .click(); // it asks first
      const response = await reset;
      expect([response.status(), new URL(response.url()).origin]).toEqual([
        200,
        new URL(new URLSearchParams(new URL(panel).hash.slice(1)).get('source')!).origin,
      ]);
      await screenshot(page, 'fleet-panel');
      expect(problems).toEqual([]);
    });
  });
});
