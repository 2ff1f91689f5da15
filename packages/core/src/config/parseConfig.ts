import type { ErrorHandlerConfig } from '../handler/ErrorHandlerConfig.ts';
import { ConfigError, formatPath, type ConfigIssue } from '../errors/ConfigError.ts';
import { configSchema } from './configSchema.ts';
import { fromSeedFormat } from './fromSeedFormat.ts';
import { readPlainData } from './readPlainData.ts';

/** Something in the config that was ignored but did not stop it from loading, e.g. an unknown key. */
export interface ConfigWarning {
  /** Dotted from the document's root, e.g. `error_handling.retry_delay`. */
  path: string;
  message: string;
  /** 1-based position of the key, when the config came from YAML text. */
  line?: number;
  column?: number;
  source?: string;
}

export interface ConfigOptions {
  /** Where the config came from (a file path), named in messages. */
  source?: string;
}

export interface ParsedConfig {
  config: ErrorHandlerConfig;
  warnings: ConfigWarning[];
}

type Path = readonly PropertyKey[];

/** Finds a key (for unknown keys) or a value (for wrong values) in the original text, when there is one. */
export type Locate = (path: Path, at: 'key' | 'value') => { line: number; column: number } | undefined;

const UNKNOWN_KEY = 'unknown key, ignored';

/**
 * Reads an already-parsed config (from JSON, YAML or code): either the whole bot config, whose
 * `error_handling` section is used and other sections ignored, or that section's content alone. Unknown
 * keys become warnings; wrong values throw one `ConfigError` listing all of them. Objects are read as JSON
 * sees them (own enumerable properties), each property once; a property that throws is a ConfigError too.
 */
export function parseConfig(input: unknown, options: ConfigOptions = {}): ParsedConfig {
  // Objects from code may have getters or be Proxies: read once, up front, so nothing raw escapes the checks.
  const data = readPlainData(input);
  if (data.issues.length > 0) {
    throw new ConfigError(data.issues, options.source, 'cause' in data ? { cause: data.cause } : undefined);
  }
  return interpretConfig(data.value, options.source, () => undefined);
}

/** `parseConfig` with positions: `loadConfig` passes a locator into the YAML document it parsed. */
export function interpretConfig(input: unknown, source: string | undefined, locate: Locate): ParsedConfig {
  // An empty YAML document or section (`error_handling:` with every key commented out) means defaults.
  const root = input ?? {};
  const wholeFile = isRecord(root) && Object.hasOwn(root, 'error_handling');
  const section = wholeFile ? (root['error_handling'] ?? {}) : root;
  const prefix: Path = wholeFile ? ['error_handling'] : [];

  const result = configSchema.safeParse(section);
  if (result.success) return { config: fromSeedFormat(result.data), warnings: [] };

  const unknownKeys = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
  const warnings = unknownKeys.flatMap((issue) =>
    issue.keys.map((key) => warning([...prefix, ...issue.path, key], UNKNOWN_KEY, source, locate)),
  );
  const problems = result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  if (problems.length > 0) {
    const issues = problems.map((issue) => located([...prefix, ...issue.path], issue.message, 'value', locate));
    throw new ConfigError(sortByPosition(issues), source);
  }
  // Unknown keys were the only issues: without them the section is valid (strict objects leave no data).
  const known = unknownKeys.reduce<unknown>((value, issue) => withoutKeys(value, issue.path, issue.keys), section);
  return { config: fromSeedFormat(configSchema.parse(known)), warnings: sortByPosition(warnings) };
}

function located(path: Path, message: string, at: 'key' | 'value', locate: Locate): ConfigIssue {
  const position = locate(path, at);
  const issue: ConfigIssue = { path: formatPath(path), message };
  if (position) {
    issue.line = position.line;
    issue.column = position.column;
  }
  return issue;
}

function warning(path: Path, message: string, source: string | undefined, locate: Locate): ConfigWarning {
  const result: ConfigWarning = located(path, message, 'key', locate);
  if (source !== undefined) result.source = source;
  return result;
}

/** Document order when positions are known; otherwise the order found (the sort is stable). */
export function sortByPosition<T extends { line?: number; column?: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` without `keys` in the object at `path`; the caller's input is left untouched. */
function withoutKeys(value: unknown, path: Path, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<PropertyKey, unknown>;
  const [head, ...rest] = path;
  if (head === undefined) {
    for (const key of keys) delete copy[key];
  } else {
    copy[head] = withoutKeys(copy[head], rest, keys);
  }
  return copy;
}
