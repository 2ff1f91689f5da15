import { RetryHandler, type RetryOptions } from '../retry/RetryHandler.ts';
import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';

export type RetryPolicy = AsyncDecorator & Policy & { readonly handler: RetryHandler };

/** Retries calls with a `RetryHandler` (given, or made from `options`); the result is always a promise. */
export function retrying(options: RetryOptions | RetryHandler = {}): RetryPolicy {
  const handler = options instanceof RetryHandler ? options : new RetryHandler(options);
  const policy = createDecorator(
    'retrying()',
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return handler.execute(() => fn.apply(this, args));
      },
    true,
  ) as RetryPolicy;
  Object.defineProperty(policy, 'handler', { value: handler });
  (policy as { execute: Policy['execute'] }).execute = <T>(
    operation: Operation<T>,
    context?: Partial<ExecutionContext>,
  ) => {
    const signal = context?.signal;
    return handler.execute((attempt, s) => operation({ signal: s, attempt }), { signal }) as Promise<T>;
  };
  return policy;
}
