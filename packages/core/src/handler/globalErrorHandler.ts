import { getDefaultBreakerRegistry, releaseDefaultBreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

let globalHandler: ErrorHandler | undefined;

/**
 * The process-wide handler, created on first use. It adopts the default breaker registry (made now if nothing
 * made it yet), so `withCircuitBreaker('kraken')` anywhere, before or after, shares breakers with the handler's
 * stats; its breaker settings become the registry's defaults. Config given when the handler already exists is
 * applied to it (or `configure` throws) — never silently ignored.
 */
export function getGlobalErrorHandler(config?: ErrorHandlerConfig): ErrorHandler {
  if (!globalHandler) {
    globalHandler = new ErrorHandler(config, { registry: getDefaultBreakerRegistry(), adoptRegistry: true });
  } else if (config) {
    globalHandler.configure(config);
  }
  return globalHandler;
}

/** Applies `config` to the global handler, creating it if needed. */
export function configureGlobalErrorHandler(config: ErrorHandlerConfig): ErrorHandler {
  if (!globalHandler) return getGlobalErrorHandler(config);
  globalHandler.configure(config);
  return globalHandler;
}

/**
 * Forgets the global handler and the default registry with its breakers, even one made before the handler
 * (tests, reconfiguration from scratch). A registry installed with `setDefaultBreakerRegistry` since the
 * handler was made stays.
 */
export function resetGlobalErrorHandler(): void {
  releaseDefaultBreakerRegistry(globalHandler?.breakers);
  globalHandler = undefined;
}
