import type { ResolvedConfig } from '../handler/defaultConfig.ts';
import type { RecoveryAction } from '../handler/RecoveryAction.ts';
import { SEED_NAMES } from '../handler/seedNames.ts';
import type { DevtoolsConfigSummary } from './DevtoolsMessage.ts';

/** A setting as plain data: unset is null, lists and maps are copies, things in a list (rules) go by name. */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value))
    return value.map((item: unknown) => (typeof item === 'object' ? (item as { name: string }).name : item));
  return typeof value === 'object' ? { ...value } : value;
}

/**
 * What the panel shows of the config: every setting of the table (`SEED_NAMES`), in its order, so a new setting
 * shows without a line here. The recovery actions are the handler's own, in the order they are tried.
 */
export function summariseConfig(config: ResolvedConfig, actions: readonly RecoveryAction[]): DevtoolsConfigSummary {
  const summary: Record<string, unknown> = {};
  for (const key of Object.keys(SEED_NAMES) as Array<keyof ResolvedConfig>) {
    summary[key] =
      key === 'recoveryActions' ? actions.map((a) => ({ name: a.name, priority: a.priority })) : plain(config[key]);
  }
  return summary as unknown as DevtoolsConfigSummary;
}
