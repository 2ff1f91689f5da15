import type { BreakerRegistry, BreakerSettings } from '../breaker/BreakerRegistry.ts';
import { invokeRecovering, type CircuitBreaker } from '../breaker/CircuitBreaker.ts';
import { defaultBreakerSource, type BreakerSource } from '../breaker/defaultBreakers.ts';
import { isPromiseLike } from '../internal/isPromiseLike.ts';
import { createDecorator, promiseReturning, type ShapeKeepingDecorator } from './createDecorator.ts';
import { contextOf, type ExecutionContext, type Operation, type Policy } from './Policy.ts';

export interface WithCircuitBreakerOptions extends BreakerSettings {
  /** Where the breaker lives. Default: the process-wide registry (the global error handler's). */
  registry?: BreakerRegistry;
}

export type BreakerPolicy = ShapeKeepingDecorator &
  Policy & {
    /** The breaker this policy uses now (created on first use). */
    readonly breaker: CircuitBreaker;
  };

/**
 * Protects calls with the breaker called `name`. The breaker is looked up in the registry when first needed,
 * so every function and method decorated with one name shares one breaker, visible in the handler's stats.
 */
export function withCircuitBreaker(name: string, options: WithCircuitBreakerOptions = {}): BreakerPolicy {
  const { registry: explicit, ...settings } = options;
  const hasSettings = Object.keys(settings).length > 0;
  let cached: { registry: BreakerSource; breaker: CircuitBreaker } | undefined;
  const resolve = (): CircuitBreaker => {
    const registry = explicit ?? defaultBreakerSource();
    if (cached?.registry !== registry)
      cached = { registry, breaker: registry.get(name, hasSettings ? settings : undefined) };
    return cached.breaker;
  };

  const policy = createDecorator(`withCircuitBreaker("${name}")`, (fn) => {
    // Learnt from the first result (or known for our own async wrappers), so a refused promise-returning
    // function rejects instead of throwing.
    let returnsPromise: boolean | undefined = promiseReturning.has(fn) ? true : undefined;
    return function (this: unknown, ...args: unknown[]) {
      const result = resolve().invoke(fn, this, args, returnsPromise);
      if (returnsPromise === undefined) returnsPromise = isPromiseLike(result);
      return result;
    };
  }) as BreakerPolicy;

  Object.defineProperty(policy, 'breaker', { get: resolve });
  (policy as { execute: Policy['execute'] }).execute = <T>(
    operation: Operation<T>,
    context?: Partial<ExecutionContext>,
  ) => {
    const ctx = contextOf(context);
    // An operation that throws synchronously must still give a rejected promise, like every Policy.
    try {
      return Promise.resolve(resolve().invoke(operation, undefined, [ctx], true));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  // One array reused for every call: `invoke` spreads it into the call at once and never keeps it.
  const args: [ExecutionContext] = [{ signal: undefined, attempt: 0 }];
  (policy as { attempt: NonNullable<Policy['attempt']> }).attempt = (operation, context, recover) => {
    args[0] = context;
    return invokeRecovering(resolve(), operation, undefined, args, recover as never);
  };
  return policy;
}
