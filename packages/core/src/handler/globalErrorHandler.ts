import { setDefaultBreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ErrorHandler } from './ErrorHandler.ts';
import type { ErrorHandlerConfig } from './ErrorHandlerConfig.ts';

let globalHandler: ErrorHandler | undefined;

/**
 * The process-wide handler, created on first use. Its breaker registry becomes the default one, so
 * `withCircuitBreaker('kraken')` anywhere shares breakers with the handler's stats. Config given when the
 * handler already exists is applied to it (or `configure` throws) — never silently ignored.
 */
export function getGlobalErrorHandler(config?: ErrorHandlerConfig): ErrorHandler {
  if (!globalHandler) {
    globalHandler = new ErrorHandler(config);
    setDefaultBreakerRegistry(globalHandler.breakers);
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

/** Forgets the global handler and its breakers (tests, reconfiguration from scratch). */
export function resetGlobalErrorHandler(): void {
  if (globalHandler) {
    // Only our registry is taken down: one installed since by someone else stays.
    const current = setDefaultBreakerRegistry(undefined);
    if (current !== globalHandler.breakers) setDefaultBreakerRegistry(current);
  }
  globalHandler = undefined;
}
