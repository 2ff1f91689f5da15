import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import { classifiedFailure } from '../classifiedFailure.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

/**
 * Network failures that can pass: retry with the configured backoff (or the longer wait the failure asks
 * for, up to `maxRetryAfterMs`) while retries remain. The retry engine decides both, as for every retry.
 */
export function networkRetry(config: ResolvedConfig['recoveryActions']['network_retry']): RecoveryAction {
  return {
    name: 'network_retry',
    priority: config.priority,
    conditions: [
      (ctx) => ctx.category === ErrorCategory.NETWORK,
      (ctx, tools) =>
        tools.backoff.allows(ctx, ctx.retryCount, classifiedFailure, Math.min(ctx.maxRetries, config.maxRetries)),
    ],
    action: (ctx, tools) => {
      const wait = tools.backoff.decide(
        ctx,
        ctx.retryCount,
        undefined,
        undefined,
        classifiedFailure,
        Math.min(ctx.maxRetries, config.maxRetries),
      );
      // The conditions held, and the handler's backoff has no budget nor deadline: always a wait.
      return typeof wait === 'number' ? { type: 'retry', delayMs: wait } : false;
    },
  };
}
