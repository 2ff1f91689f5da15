import { parseScenario } from './parseScenario.ts';
import { ScenarioError } from './ScenarioError.ts';
import type { FaultMix } from './scenarioSchema.ts';

/**
 * The `--faults` flag: `reset=0.1,rateLimit=0.05` — fault kinds and their probabilities, with every other
 * setting at its default. Errors name the flag and the entry.
 */
export function parseFaultsFlag(text: string, source = '--faults'): FaultMix {
  const faults: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const match = /^([A-Za-z]+)\s*=\s*(\S+)$/.exec(entry);
    const value = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(value)) {
      throw new ScenarioError(
        [{ path: '', message: `expected kind=probability (like reset=0.1), got ${JSON.stringify(entry)}` }],
        source,
      );
    }
    faults[match[1]!] = value;
  }
  return parseScenario({ faults }, { source }).faults ?? {};
}
