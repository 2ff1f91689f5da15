import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const message =
  '@breakwater/node runs in Node only (it uses the file system and an HTTP server). ' +
  'In the browser use @breakwater/browser (indexedDbStore) and @breakwater/core.';

describe('@breakwater/node in a browser bundle', () => {
  it('the module a browser gets fails at load with a message saying what to use instead', async () => {
    await expect(import('./notForBrowsers.ts')).rejects.toThrow(message);
  });

  it('is what a browser bundler resolves the package to', async () => {
    // From source here (dist/ may not be built); the published map sends browsers to its built twin.
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['.'].default).toBe('./dist/notForBrowsers.js');
    for (const conditions of [['@breakwater/source']]) {
      const out = await build({
        stdin: { contents: "import '@breakwater/node';", resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
        bundle: true,
        platform: 'browser',
        conditions,
        write: false,
        logLevel: 'silent',
      });
      const code = out.outputFiles[0]!.text;
      // Kept although the import has no bindings: package.json marks this one module as having side effects.
      expect(code).toContain('@breakwater/node runs in Node only');
      expect(code).not.toContain('node:fs');
    }
  });

  it('a named import fails the browser build, pointing at the module that explains why', async () => {
    const failed = await build({
      stdin: {
        contents: "import { fileStore } from '@breakwater/node'; console.log(fileStore);",
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      },
      bundle: true,
      platform: 'browser',
      conditions: ['@breakwater/source'],
      write: false,
      logLevel: 'silent',
    }).then(
      () => undefined,
      (error: { errors: Array<{ text: string }> }) => error.errors.map((e) => e.text),
    );
    expect(failed).toEqual([
      expect.stringMatching(/No matching export in ".*notForBrowsers\.ts" for import "fileStore"/),
    ]);
  });
});
