import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDevtoolsToken } from './devtoolsToken.ts';

const root = mkdtempSync(join(tmpdir(), 'bw-devtools-token-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, String(++n), 'var', 'devtools-token');
const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadDevtoolsToken', () => {
  it('creates a random token readable by its owner only, then gives the same one on every start', async () => {
    const file = fresh();
    const first = await loadDevtoolsToken(file);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(mode(file)).toBe(0o600);
    expect(await loadDevtoolsToken(file)).toEqual({ token: first.token, created: false });
  });

  it('tightens a file others could read, and keeps its token', async () => {
    const file = fresh();
    const { token } = await loadDevtoolsToken(file);
    chmodSync(file, 0o644);
    expect(await loadDevtoolsToken(file)).toEqual({ token, created: false });
    expect(mode(file)).toBe(0o600);
  });

  it('replaces a file that holds no usable token', async () => {
    for (const content of ['', '\n', 'has spaces in it and more', 'short']) {
      const file = fresh();
      await loadDevtoolsToken(file);
      writeFileSync(file, content);
      const next = await loadDevtoolsToken(file);
      expect(next.created).toBe(true);
      expect(next.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(file, 'utf8')).toBe(`${next.token}\n`);
    }
  });
});
