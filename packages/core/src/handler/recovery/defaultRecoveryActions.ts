import type { ResolvedConfig } from '../defaultConfig.ts';
import type { RecoveryAction } from '../RecoveryAction.ts';
import { dataFallback } from './dataFallback.ts';
import { exchangeFallback } from './exchangeFallback.ts';
import { networkRetry } from './networkRetry.ts';
import { rateLimitWait } from './rateLimitWait.ts';

/** The seed's four actions, as enabled, prioritised and tuned by config. */
export function defaultRecoveryActions(config: ResolvedConfig): RecoveryAction[] {
  const c = config.recoveryActions;
  const actions: RecoveryAction[] = [];
  if (c.network_retry.enabled) actions.push(networkRetry(c.network_retry));
  if (c.rate_limit_wait.enabled) actions.push(rateLimitWait(c.rate_limit_wait));
  if (c.data_fallback.enabled) actions.push(dataFallback(c.data_fallback));
  if (c.exchange_fallback.enabled) actions.push(exchangeFallback(c.exchange_fallback));
  return actions;
}
