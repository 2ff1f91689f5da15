const brand = 'breakwater.ScenarioError';

/** One problem in a scenario. */
export interface ScenarioIssue {
  /** Where in the scenario, e.g. `phases[1].faults.reset.probability` (`''` for the whole document). */
  path: string;
  message: string;
  /** 1-based position of the offending key or value, when the scenario came from YAML text. */
  line?: number;
  column?: number;
}

function formatIssue(issue: ScenarioIssue, source: string | undefined): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  const at =
    issue.line === undefined
      ? ''
      : source === undefined
        ? ` (line ${issue.line}, column ${issue.column ?? 1})`
        : ` (${source}:${issue.line}:${issue.column ?? 1})`;
  return `  ${where}${issue.message}${at}`;
}

/** A scenario that cannot be used; the message lists every problem, one per line, with file, line and key. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly [brand] = true;
  readonly issues: readonly ScenarioIssue[];
  /** The file (or flag) the scenario came from. */
  readonly source: string | undefined;

  constructor(issues: readonly ScenarioIssue[], source?: string, options?: { cause?: unknown }) {
    const header =
      source === undefined ? 'Invalid exchange-sim scenario:' : `Invalid exchange-sim scenario in ${source}:`;
    super([header, ...issues.map((issue) => formatIssue(issue, source))].join('\n'), options);
    this.issues = issues;
    this.source = source;
  }
}

export function isScenarioError(error: unknown): error is ScenarioError {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[brand] === true;
}
