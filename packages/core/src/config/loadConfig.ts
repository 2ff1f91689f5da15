import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.ts';
import { indexDocument } from './indexDocument.ts';
import {
  interpretConfig,
  sortByPosition,
  type ConfigOptions,
  type ConfigWarning,
  type ParsedConfig,
} from './parseConfig.ts';

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
  // yaml's own duplicate-key check compares each key with every earlier one: 20 000 keys took minutes.
  // indexDocument finds duplicates in its single walk instead.
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, version: '1.1', uniqueKeys: false });

  const atOffset = (error: YAMLError) => ({ path: '', message: error.message, ...position(lineCounter, error.pos[0]) });
  const index = indexDocument(doc, lineCounter);
  const errors = [...doc.errors.map(atOffset), ...index.duplicateKeys];
  if (errors.length > 0) throw new ConfigError(sortByPosition(errors), source);

  let input: unknown;
  try {
    input = doc.toJS();
  } catch (error) {
    // e.g. too many alias expansions (yaml's guard against "billion laughs" documents)
    const issue: ConfigIssue = { path: '', message: error instanceof Error ? error.message : String(error) };
    throw new ConfigError([issue], source, { cause: error });
  }

  const parsed = interpretConfig(input, source, index.locate);
  const yamlWarnings = doc.warnings.map((warning): ConfigWarning => {
    const result: ConfigWarning = atOffset(warning);
    if (source !== undefined) result.source = source;
    return result;
  });
  return { config: parsed.config, warnings: [...yamlWarnings, ...parsed.warnings] };
}
