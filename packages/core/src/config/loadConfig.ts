import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.ts';
import { locateInDocument } from './locateInDocument.ts';
import { interpretConfig, type ConfigOptions, type ConfigWarning, type ParsedConfig } from './parseConfig.ts';

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Reads the seed's YAML config file (or just its `error_handling` section). Every problem carries the line and
 * column of the offending text, so the `ConfigError` message points into the file: `(config.yaml:7:24)`.
 */
export function loadConfig(yamlText: string, options: ConfigOptions = {}): ParsedConfig {
  const { source } = options;
  const lineCounter = new LineCounter();
  // The seed reads its file with PyYAML, which speaks YAML 1.1 (`yes`/`on` are booleans, `<<` merges):
  // the same file must mean the same thing here. A `%YAML 1.2` directive in the file still wins.
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, version: '1.1' });

  const atOffset = (error: YAMLError) => ({ path: '', message: error.message, ...position(lineCounter, error.pos[0]) });
  if (doc.errors.length > 0) throw new ConfigError(doc.errors.map(atOffset), source);

  let input: unknown;
  try {
    input = doc.toJS();
  } catch (error) {
    // e.g. too many alias expansions (yaml's guard against "billion laughs" documents)
    const issue: ConfigIssue = { path: '', message: error instanceof Error ? error.message : String(error) };
    throw new ConfigError([issue], source, { cause: error });
  }

  const parsed = interpretConfig(input, source, locateInDocument(doc, lineCounter));
  const yamlWarnings = doc.warnings.map((warning): ConfigWarning => {
    const result: ConfigWarning = atOffset(warning);
    if (source !== undefined) result.source = source;
    return result;
  });
  return { config: parsed.config, warnings: [...yamlWarnings, ...parsed.warnings] };
}
