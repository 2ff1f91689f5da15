import type { ErrorContext } from '../../classify/ErrorContext.ts';
import { askedWait, asksTooLong } from '../askedWait.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

const rateLimitNames = /^(RateLimitExceeded|DDoSProtection|TooManyRequests.*)$/;
const rateLimitWords = /\b(rate[ -]?limit(s|ed|ing)?|too many requests)\b/i;

/** HTTP 429, exchange rate-limit errors, or a message that says so. */
export function isRateLimited(ctx: ErrorContext): boolean {
  return ctx.status === 429 || rateLimitNames.test(ctx.name) || rateLimitWords.test(ctx.message);
}

/**
 * Rate limited: wait as long as the exchange asked (Retry-After), else `wait_time`, then retry. Not when it
 * asks for more than `maxRetryAfterMs`: the call gives up instead of sleeping that long.
 */
export function rateLimitWait(config: ResolvedConfig['recoveryActions']['rate_limit_wait']): RecoveryAction {
  return {
    name: 'rate_limit_wait',
    priority: config.priority,
    conditions: [
      isRateLimited,
      (ctx) => ctx.retryCount < ctx.maxRetries,
      (ctx, tools) => !asksTooLong(ctx, tools.backoff.maxRetryAfterMs),
    ],
    action: (ctx) => ({ type: 'retry', delayMs: askedWait(ctx) ?? config.waitTimeMs }),
  };
}
