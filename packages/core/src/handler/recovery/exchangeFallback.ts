import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import type { ErrorContext } from '../../classify/ErrorContext.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

const outageNames = new Set(['OnMaintenance', 'ExchangeNotAvailable']);

/**
 * The exchange is down rather than refusing one request: maintenance, "not available", HTTP 503, or an
 * exchange error that retries did not cure. A single 500 or a rejected request does not qualify.
 */
export function isExchangeOutage(ctx: ErrorContext): boolean {
  return (
    ctx.category === ErrorCategory.EXCHANGE &&
    (outageNames.has(ctx.name) || ctx.status === 503 || (ctx.retryable && ctx.retryCount >= ctx.maxRetries))
  );
}

/**
 * The exchange itself is failing: switch the handler to paper trading, so wrapped calls use their `degrade`
 * implementation until someone (or something) switches back to live with `setMode('live')`.
 */
export function exchangeFallback(config: ResolvedConfig['recoveryActions']['exchange_fallback']): RecoveryAction {
  return {
    name: 'exchange_fallback',
    priority: config.priority,
    conditions: [() => config.paperTradingEnabled, isExchangeOutage],
    action: (ctx, tools) => {
      if (tools.mode !== 'paper') tools.setMode('paper', `${ctx.name} in ${ctx.component}: ${ctx.message}`);
      return { type: 'degrade', mode: 'paper' };
    },
  };
}
