import { hasBrand } from './brand.ts';

const brand = 'breakwater.ConfigError';

/** One problem in a config. `path` is dotted from the document's root (`''` for the document itself). */
export interface ConfigIssue {
  path: string;
  /** What was expected and what was found, e.g. `expected a positive integer, got -1`. */
  message: string;
  /** 1-based position of the offending value, when the config came from YAML text. */
  line?: number;
  column?: number;
}

/**
 * A path as `ConfigIssue.path` writes it, the way zod does: `a.b[0]`, and `["log-errors"]` for keys that are
 * not plain words. Kept here so config given in code (checked without zod) reads the same as the YAML's.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (typeof segment === 'symbol') return `[${JSON.stringify(String(segment))}]`;
      if (/[^\w$]/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/** Where a problem is, as editors and terminals link it: `(config.yaml:7:24)`. */
export function formatLocation(location: { line?: number; column?: number }, source: string | undefined): string {
  if (location.line === undefined) return '';
  const column = location.column ?? 1;
  if (source === undefined) return ` (line ${location.line}, column ${column})`;
  return ` (${source}:${location.line}:${column})`;
}

function formatIssue(issue: ConfigIssue, source: string | undefined): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `  ${where}${issue.message}${formatLocation(issue, source)}`;
}

/**
 * A config that cannot be used. Lists every problem found, not only the first, so one edit can fix them all;
 * the message has one line per issue.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly [brand] = true;
  readonly issues: ConfigIssue[];
  /** The file (or other origin) named in `loadConfig`'s / `parseConfig`'s `source` option. */
  readonly source: string | undefined;

  constructor(issues: ConfigIssue[], source?: string, options?: { cause?: unknown }) {
    const header = source === undefined ? 'Invalid Breakwater config:' : `Invalid Breakwater config in ${source}:`;
    super([header, ...issues.map((issue) => formatIssue(issue, source))].join('\n'), options);
    this.issues = issues;
    this.source = source;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return hasBrand(error, brand);
}
