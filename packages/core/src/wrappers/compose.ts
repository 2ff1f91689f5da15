import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';

export type ComposedPolicy = AsyncDecorator & Policy;

/**
 * Nests policies outermost first, without nesting callbacks by hand:
 * `compose(retrying(), withCircuitBreaker('kraken'), timeout(5_000))` retries calls that go through the breaker,
 * each with its own timeout. The operation receives the innermost signal and the current attempt.
 */
export function compose(...policies: Policy[]): ComposedPolicy {
  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> => {
    const run = (index: number, ctx: Partial<ExecutionContext> | undefined): Promise<T> =>
      index === policies.length
        ? new Promise<T>((resolve) => resolve(operation({ signal: ctx?.signal, attempt: ctx?.attempt ?? 0 })))
        : policies[index]!.execute((inner) => run(index + 1, { ...ctx, ...inner }), ctx);
    return run(0, context);
  };
  const policy = createDecorator('compose()', (fn) =>
    function (this: unknown, ...args: unknown[]) {
      return execute(() => fn.apply(this, args));
    },
    true,
  ) as ComposedPolicy;
  (policy as { execute: Policy['execute'] }).execute = execute;
  return policy;
}
