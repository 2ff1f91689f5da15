import { readFile } from 'node:fs/promises';
import { loadScenario } from './loadScenario.ts';
import { ScenarioError } from './ScenarioError.ts';
import type { Scenario } from './scenarioSchema.ts';

/** Reads and checks a YAML scenario file; errors name `source` (default: `path` as given), with line and column. */
export async function loadScenarioFile(path: string, source = path): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError([{ path: '', message: `cannot read the file: ${reason}` }], source, { cause: error });
  }
  return loadScenario(text, source);
}
