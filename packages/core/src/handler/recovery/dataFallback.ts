import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

/**
 * Serves the last good result of the same call (same operation and arguments) while it is younger than
 * `cache_ttl`: last-known-good market data beats no data. Only for calls that opted in as reads
 * (`handleErrors({ cache: true })`, so a rejected order never returns the previous order), and only when the
 * data was bad (DATA) or the failure is final (not retryable, or retries spent).
 */
export function dataFallback(config: ResolvedConfig['recoveryActions']['data_fallback']): RecoveryAction {
  return {
    name: 'data_fallback',
    priority: config.priority,
    conditions: [
      (_ctx, tools) => tools.cacheKey !== undefined,
      (ctx) => ctx.category === ErrorCategory.DATA || !ctx.retryable || ctx.retryCount >= ctx.maxRetries,
    ],
    action: (_ctx, tools) => {
      const cached = tools.cache.get(tools.cacheKey!);
      return cached ? { type: 'fallback', value: cached.value, ageMs: cached.ageMs } : { type: 'failed' };
    },
  };
}
