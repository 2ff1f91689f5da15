// @breakwater/core/config — reading the seed's config file. A separate entry point so that apps which never
// load YAML do not ship zod and yaml: nothing in the root entry imports from here.

export { parseConfig, type ConfigWarning, type ConfigOptions, type ParsedConfig } from './parseConfig.ts';
export { loadConfig } from './loadConfig.ts';
export { toSeedFormat } from './toSeedFormat.ts';
export { ConfigError, isConfigError, type ConfigIssue } from '../errors/ConfigError.ts';
export { configSchema, type SeedConfig } from './configSchema.ts';
