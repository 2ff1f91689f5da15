import { fileURLToPath } from 'node:url';

/** The names of the scenarios shipped in `apps/exchange-sim/scenarios/`. */
export type ShippedScenario = 'lively' | 'heavy' | 'calm';

/**
 * The path of a shipped scenario, for tests that run this package from source (vitest with the
 * `@breakwater/source` condition): `await loadScenarioFile(scenarioFile('heavy'))`.
 */
export function scenarioFile(name: ShippedScenario): string {
  return fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
}
