import { checkFaultMix, checkSums, mergeFaults, type FaultProblem } from '../faults/compileFaults.ts';
import { FAULT_KINDS } from '../faults/FaultKind.ts';
import { ScenarioError, type ScenarioIssue } from './ScenarioError.ts';
import { scenarioSchema, type FaultMix, type Scenario, type ScenarioInput } from './scenarioSchema.ts';

export type ScenarioPath = readonly (string | number)[];
/** Finds a key (unknown keys) or a value (wrong values) in the original text, when there is one. */
export type Locate = (path: ScenarioPath, at: 'key' | 'value') => { line: number; column: number } | undefined;

export interface ParseScenarioOptions {
  /** Where the scenario came from (a file, a flag), named in errors. */
  source?: string;
  /** Positions in the source text; `loadScenario` passes one into the YAML it parsed. */
  locate?: Locate;
}

/** `phases[1].faults.reset` */
export function formatPath(path: ScenarioPath): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`),
    '',
  );
}

/**
 * Checks a scenario (from YAML, JSON or code) and fills in its defaults. Unknown keys are errors — a misspelt
 * fault kind must not silently mean "no fault" — and so are faults whose probabilities on one endpoint add up to
 * more than 1. Throws one `ScenarioError` listing every problem, in document order when positions are known.
 */
export function parseScenario(input: ScenarioInput | unknown, options: ParseScenarioOptions = {}): Scenario {
  const { source, locate = () => undefined } = options;
  // An empty YAML document is a scenario without faults.
  const result = scenarioSchema.safeParse(input ?? {});
  const issues: ScenarioIssue[] = [];
  const add = (path: ScenarioPath, message: string, at: 'key' | 'value' = 'value') =>
    issues.push(located(path, message, at, locate));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const hint = path[path.length - 1] === 'faults' ? ` (fault kinds: ${FAULT_KINDS.join(', ')})` : '';
        for (const key of issue.keys) add([...path, key], `unknown key ${JSON.stringify(key)}${hint}`, 'key');
      } else {
        add(path, issue.message);
      }
    }
    throw new ScenarioError(sortByPosition(issues), source);
  }
  const scenario = result.data;
  const report = (prefix: ScenarioPath) => (p: FaultProblem) => add([...prefix, ...p.path], p.message);
  checkFaultMix(scenario.faults ?? {}, { sums: false }).forEach(report(['faults']));
  const baseSums = checkSums(scenario.faults ?? {});
  baseSums.forEach(report(['faults']));
  scenario.phases?.forEach((phase, i) => {
    checkFaultMix(phase.faults ?? {}, { sums: false }).forEach(report(['phases', i, 'faults']));
    // The phase's own kinds replace the scenario's: the mix in force is summed (unless the base already failed).
    if (baseSums.length === 0)
      checkSums(mergeFaults(scenario.faults, phase.faults)).forEach(report(['phases', i, 'faults']));
  });
  if (issues.length > 0) throw new ScenarioError(sortByPosition(issues), source);
  return scenario;
}

/** The faults in force in phase `index` (or the scenario's own, without phases). */
export function phaseFaults(scenario: Scenario, index: number | undefined): FaultMix {
  const phase = index === undefined ? undefined : scenario.phases?.[index];
  return mergeFaults(scenario.faults, phase?.faults);
}

function located(path: ScenarioPath, message: string, at: 'key' | 'value', locate: Locate): ScenarioIssue {
  const issue: ScenarioIssue = { path: formatPath(path), message };
  const position = locate(path, at);
  if (position) {
    issue.line = position.line;
    issue.column = position.column;
  }
  return issue;
}

function sortByPosition<T extends { line?: number; column?: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
