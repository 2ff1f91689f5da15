import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appPackage = '@breakwater/devtools-app';

/**
 * Where the built devtools app (`apps/devtools/dist`) is. The app is a private workspace package, linked into
 * the workspace's node_modules, so Node's resolution finds it from source (tests) and from `dist/` alike. When
 * it cannot be resolved (a package that lost its link, an unusual layout) we walk up to the workspace root.
 * The result may not exist yet: the server then answers `GET /` with how to build it.
 */
export function findAppDir(from: string = import.meta.url): string {
  try {
    return join(dirname(createRequire(from).resolve(`${appPackage}/package.json`)), 'dist');
  } catch {
    // Not resolvable: fall through to walking up.
  }
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'apps', 'devtools', 'package.json'))) return join(dir, 'apps', 'devtools', 'dist');
    if (dirname(dir) === dir) break;
  }
  // Nowhere to be found: where it would be in this workspace (src/devtools or dist/devtools of packages/node).
  return join(start, '..', '..', '..', '..', 'apps', 'devtools', 'dist');
}
