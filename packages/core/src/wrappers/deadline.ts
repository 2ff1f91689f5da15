import { DeadlineExceededError } from '../errors/DeadlineExceededError.ts';
import { positiveNumber } from '../errors/options.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';
import { runTimed } from './runTimed.ts';

export type DeadlinePolicy = AsyncDecorator & Policy & { readonly deadlineMs: number };

/**
 * Gives the whole operation `ms` milliseconds, retries included: put it outermost,
 * `compose(deadline(5_000), retrying(), withCircuitBreaker('kraken'))`. Its signal reaches the call and is
 * aborted with a `DeadlineExceededError` when the time is up (the call rejects with it even if it ignores the
 * signal), and a retry inside it gives up, with a `DeadlineExceededError` whose `cause` is the last error,
 * rather than start a wait that would end past the deadline. Unlike `timeout(ms)`, which limits each attempt,
 * the time left shrinks with every attempt. An enclosing deadline that ends sooner still wins.
 */
export function deadline(ms: number, options: { clock?: Clock } = {}): DeadlinePolicy {
  positiveNumber('deadline', 'ms', ms);
  const clock = options.clock ?? systemClock();

  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> => {
    const at = clock.now() + ms;
    return runTimed(
      operation,
      context,
      ms,
      clock,
      () => new DeadlineExceededError(ms, 'the operation was still running'),
      // An enclosing deadline that ends sooner still wins.
      (enclosing) =>
        enclosing !== undefined && enclosing.at - enclosing.clock.now() <= ms ? enclosing : { ms, at, clock },
    );
  };

  const policy = createDecorator(
    `deadline(${ms})`,
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return execute(() => fn.apply(this, args));
      },
    true,
  ) as DeadlinePolicy;
  Object.defineProperty(policy, 'deadlineMs', { value: ms });
  (policy as { execute: Policy['execute'] }).execute = execute;
  return policy;
}
