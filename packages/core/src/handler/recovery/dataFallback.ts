import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

/**
 * Bad data (a truncated body, a proxy's HTML page, a payload that fails its schema): serve the last good
 * result of the same operation while it is younger than `cache_ttl` (last-known-good market data beats no
 * data). Only DATA errors, as in the seed: for any other failure the cached result would be passed off as
 * the answer to a call that failed for another reason (a rejected order returning the previous order).
 */
export function dataFallback(config: ResolvedConfig['recoveryActions']['data_fallback']): RecoveryAction {
  return {
    name: 'data_fallback',
    priority: config.priority,
    conditions: [(ctx) => ctx.category === ErrorCategory.DATA],
    action: (ctx, tools) => {
      const cached = tools.cache.get(ctx.operation);
      return cached ? { type: 'fallback', value: cached.value } : { type: 'failed' };
    },
  };
}
