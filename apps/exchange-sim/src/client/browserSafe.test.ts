import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The client also runs in the trading UI: bundled for browsers, it must pull in nothing from Node or the server.
describe('@breakwater/exchange-sim/client in a browser bundle', () => {
  it('bundles for the browser platform from the client folder alone, with no Node globals', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, 'index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((path) => path.replace(/^.*\/src\//, 'src/'));
    expect(inputs.sort()).toEqual([
      'src/client/ExchangeClient.ts',
      'src/client/ExchangeResponseError.ts',
      'src/client/RequestTimeoutError.ts',
      'src/client/index.ts',
    ]);
    const code = result.outputFiles[0]!.text;
    for (const nodeOnly of [/\bprocess\./, /\bBuffer\b/, /\brequire\(/, /from ['"]node:/])
      expect(code).not.toMatch(nodeOnly);
  });

  it('is exported as ./client, from source under the @breakwater/source condition', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(pkg.exports['./client']).toEqual({
      '@breakwater/source': './src/client/index.ts',
      default: './src/client/index.ts',
    });
  });
});
