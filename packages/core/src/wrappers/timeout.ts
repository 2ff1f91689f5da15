import { positiveNumber } from '../errors/options.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { systemClock, type Clock } from '../time/Clock.ts';
import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import { deadlineOf, setDeadline } from './deadlineOf.ts';
import { contextOf, type ExecutionContext, type Operation, type Policy } from './Policy.ts';

export type TimeoutPolicy = AsyncDecorator & Policy & { readonly timeoutMs: number };

/**
 * Gives each call `ms` milliseconds: then its `signal` is aborted with a `TimeoutError` and the call rejects
 * with it, even if the operation ignores the signal. An outer abort is passed on to the inner signal.
 */
export function timeout(ms: number, options: { clock?: Clock } = {}): TimeoutPolicy {
  positiveNumber('timeout', 'ms', ms);
  const clock = options.clock ?? systemClock();

  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> => {
    const { signal: outer, attempt } = contextOf(context);
    if (outer?.aborted) return Promise.reject(outer.reason);
    const inner = new AbortController();
    // A retry inside this timeout still sees the enclosing deadline.
    const limit = deadlineOf(outer);
    if (limit !== undefined) setDeadline(inner.signal, limit);
    const timer = new AbortController();
    const onOuterAbort = () => inner.abort(outer!.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const cleanup = () => {
      timer.abort();
      outer?.removeEventListener('abort', onOuterAbort);
    };
    return new Promise<T>((resolve, reject) => {
      inner.signal.addEventListener('abort', () => reject(inner.signal.reason), { once: true });
      clock.sleep(ms, timer.signal).then(
        () => inner.abort(new TimeoutError(ms)),
        () => undefined, // the call settled first
      );
      new Promise<T>((run) => run(operation({ signal: inner.signal, attempt }))).then(resolve, reject);
    }).finally(cleanup);
  };

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
