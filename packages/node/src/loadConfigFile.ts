import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig, type ParsedConfig } from '@breakwater/core/config';

/**
 * Reads the seed's YAML config file (`config.yaml`, or one with only its `error_handling` section) and returns
 * the config with any warnings. Every error names the file: a problem in it is a `ConfigError` whose message
 * points at `<path>:<line>:<column>`; a file that cannot be read is a `ConfigError` too (one issue, no line),
 * `Invalid Breakwater config in <path>:\n  cannot read the file: ENOENT: no such file or directory, open '<path>'`,
 * with the system error as `cause` (its `code` says which) — so a caller handles one error class either way.
 */
export async function loadConfigFile(path: string): Promise<ParsedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ path: '', message: `cannot read the file: ${reason}` }], path, { cause: error });
  }
  return loadConfig(text, { source: path });
}
