import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import { askedWait, asksTooLong } from '../askedWait.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

/**
 * Network failures that can pass: retry with the configured backoff (or the longer wait the failure asks
 * for, up to `maxRetryAfterMs`) while retries remain.
 */
export function networkRetry(config: ResolvedConfig['recoveryActions']['network_retry']): RecoveryAction {
  return {
    name: 'network_retry',
    priority: config.priority,
    conditions: [
      (ctx) => ctx.category === ErrorCategory.NETWORK,
      (ctx) => ctx.retryable,
      (ctx) => ctx.retryCount < Math.min(ctx.maxRetries, config.maxRetries),
      (ctx, tools) => !asksTooLong(ctx, tools.backoff.maxRetryAfterMs),
    ],
    action: (ctx, tools) => ({
      type: 'retry',
      delayMs: Math.max(tools.backoff.calculateDelay(ctx.retryCount), askedWait(ctx) ?? 0),
    }),
  };
}
