import { loadScenarioFile, type Scenario } from '@breakwater/exchange-sim';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const SHIPPED = new Set(['lively', 'heavy', 'calm']);

/**
 * A shipped scenario name (`lively`, `heavy`, `calm`) or a path to a YAML file, loaded and checked. Shipped
 * names are resolved through the package's exports rather than `scenarioFile()`, whose `import.meta.url` points
 * into the bundle that `scripts/start.mjs` builds, not into the simulator's folder.
 */
export async function resolveScenario(nameOrPath: string): Promise<{ scenario: Scenario; source: string }> {
  if (SHIPPED.has(nameOrPath)) {
    const file = createRequire(import.meta.url).resolve(`@breakwater/exchange-sim/scenarios/${nameOrPath}.yaml`);
    return { scenario: await loadScenarioFile(file, `${nameOrPath} (${file})`), source: nameOrPath };
  }
  const file = resolve(nameOrPath);
  return { scenario: await loadScenarioFile(file), source: file };
}
