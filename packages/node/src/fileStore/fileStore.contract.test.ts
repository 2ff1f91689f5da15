import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runContractWithVitest } from '../../../../test/contract/runContractWithVitest.ts';
import { fileStore } from './fileStore.ts';

const root = mkdtempSync(join(tmpdir(), 'breakwater-file-contract-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// `reopen` opens the directory of the latest `create`: the contract closes the first store before reopening.
let n = 0;
let last = '';
runContractWithVitest('file', {
  create: (options) => fileStore({ dir: (last = join(root, `store-${++n}`)), ...options }),
  reopen: (options) => fileStore({ dir: last, ...options }),
});
