import { positiveNumber } from '../errors/options.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';
import { runTimed } from './runTimed.ts';

export type TimeoutPolicy = AsyncDecorator & Policy & { readonly timeoutMs: number };

/**
 * Gives each call `ms` milliseconds: then its `signal` is aborted with a `TimeoutError` and the call rejects
 * with it, even if the operation ignores the signal. An outer abort is passed on to the inner signal.
 */
export function timeout(ms: number, options: { clock?: Clock } = {}): TimeoutPolicy {
  positiveNumber('timeout', 'ms', ms);
  const clock = options.clock ?? systemClock();

  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> =>
    // A retry inside this timeout still sees the enclosing deadline.
    runTimed(
      operation,
      context,
      ms,
      clock,
      () => new TimeoutError(ms),
      (enclosing) => enclosing,
    );

  const policy = createDecorator(
    `timeout(${ms})`,
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return execute(() => fn.apply(this, args));
      },
    true,
  ) as TimeoutPolicy;
  Object.defineProperty(policy, 'timeoutMs', { value: ms });
  (policy as { execute: Policy['execute'] }).execute = execute;
  return policy;
}
