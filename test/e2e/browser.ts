// Shared by every e2e test: Debian's chromium through playwright-core, one page per scenario, and the
// problems a page can have (uncaught errors, console errors, failed or 4xx/5xx requests) collected for asserting.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { chromiumArgs, chromiumExecutable } from '../../scripts/chromium.mjs';

/** test/output/: build outputs and screenshots (gitignored). */
export const outputDir = join(import.meta.dirname, '..', 'output');
export const screenshotDir = join(outputDir, 'screenshots');

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable,
    ...options,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
}

/**
 * A browser profile on disk, for state that must survive closing the browser (IndexedDB across restarts).
 * playwright-core refuses `--user-data-dir` in `args`; this is the supported way.
 */
export function launchPersistentChromium(userDataDir: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutable,
    ...options,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
}

/**
 * Starts collecting what went wrong on `page`: `pageerror: …`, `console.error: …`, `requestfailed: …`,
 * `http 404: …`.
 */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.worker() ? `worker ${message.worker()!.url()}` : message.location().url;
    problems.push(`console.error: ${message.text()} (${where})`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`requestfailed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Saves a full-page PNG as test/output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The README's pictures (docs/screenshots/), rewritten only when asked: a test run leaves the clone clean. */
const docsScreenshotDir = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/**
 * A viewport-sized PNG for the README: into docs/screenshots/<name>.png with `BREAKWATER_UPDATE_SCREENSHOTS=1`
 * (`npm run test:e2e:screenshots`), else beside the other screenshots in test/output/screenshots/docs/.
 */
export async function docsScreenshot(page: Page, name: string): Promise<string> {
  const dir = process.env['BREAKWATER_UPDATE_SCREENSHOTS'] === '1' ? docsScreenshotDir : join(screenshotDir, 'docs');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Runs `fn` on a fresh page in its own context (no shared storage between scenarios), collecting problems.
 * On failure the page is saved as `<name>-failure.png` before the context closes.
 */
export async function withPage<T>(
  browser: Browser,
  name: string,
  fn: (page: Page, problems: string[]) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = collectProblems(page);
    try {
      return await fn(page, problems);
    } catch (error) {
      await screenshot(page, `${name}-failure`).catch(() => undefined);
      throw error;
    }
  } finally {
    await context.close();
  }
}
