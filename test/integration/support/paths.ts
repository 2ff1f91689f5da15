import { resolve } from 'node:path';

/** The monorepo root (`/work/main` on CI machines). */
export const repoRoot = resolve(import.meta.dirname, '../../..');
export const coreDir = resolve(repoRoot, 'packages/core');
