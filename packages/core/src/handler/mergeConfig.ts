import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

/**
 * `next` over `base`: keys `next` gives (not undefined) win, nested sections (`circuitBreaker`, each recovery
 * action) merge key by key, lists (`exchangeNames`, `classificationRules`) are replaced whole.
 */
export function mergeConfig(base: ErrorHandlerConfig, next: ErrorHandlerConfig): ErrorHandlerConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    if (key === 'circuitBreaker') merged[key] = defined({ ...base.circuitBreaker }, value as object);
    else if (key === 'recoveryActions') {
      const actions: Record<string, object> = { ...base.recoveryActions };
      for (const [name, settings] of Object.entries(value as Record<string, object | undefined>)) {
        if (settings !== undefined) actions[name] = defined({ ...actions[name] }, settings);
      }
      merged[key] = actions;
    } else merged[key] = value;
  }
  return merged as ErrorHandlerConfig;
}

function defined(target: Record<string, unknown>, source: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) if (value !== undefined) target[key] = value;
  return target;
}
