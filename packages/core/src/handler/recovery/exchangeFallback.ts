import { ErrorCategory } from '../../classify/ErrorCategory.ts';
import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';

/**
 * The exchange itself is failing (maintenance, outage): switch the handler to paper trading, so wrapped calls
 * use their `degrade` implementation until someone (or something) switches back to live.
 */
export function exchangeFallback(config: ResolvedConfig['recoveryActions']['exchange_fallback']): RecoveryAction {
  return {
    name: 'exchange_fallback',
    priority: config.priority,
    conditions: [(ctx) => ctx.category === ErrorCategory.EXCHANGE, () => config.paperTradingEnabled],
    action: (ctx, tools) => {
      if (tools.mode !== 'paper') tools.setMode('paper', `${ctx.name} in ${ctx.component}: ${ctx.message}`);
      return { type: 'degrade', mode: 'paper' };
    },
  };
}
