import type { RetryHandler } from '../retry/RetryHandler.ts';
import { isRetryHandler } from '../retry/isRetryHandler.ts';
import { createDecorator, type AsyncDecorator } from './createDecorator.ts';
import type { ExecutionContext, Operation, Policy } from './Policy.ts';

export type ComposedPolicy = AsyncDecorator & Policy;

type Layer = <T>(operation: Operation<T>, signal: AbortSignal | undefined, attempt: number) => Promise<T>;

function retryHandlerOf(policy: Policy): RetryHandler | undefined {
  const handler = (policy as { handler?: unknown }).handler;
  return isRetryHandler(handler) ? (handler as RetryHandler) : undefined;
}

/** The context of most calls (first attempt, no signal): shared, frozen, so it costs no allocation. */
const FIRST_ATTEMPT: ExecutionContext = Object.freeze({ signal: undefined, attempt: 0 });

function contextFor(signal: AbortSignal | undefined, attempt: number): ExecutionContext {
  return signal === undefined && attempt === 0 ? FIRST_ATTEMPT : { signal, attempt };
}

function settled<T>(operation: Operation<T>, signal: AbortSignal | undefined, attempt: number): Promise<T> {
  try {
    return Promise.resolve(operation(contextFor(signal, attempt)));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Nests policies outermost first, without nesting callbacks by hand:
 * `compose(retrying(), withCircuitBreaker('kraken'), timeout(5_000))` retries calls that go through the breaker,
 * each with its own timeout. The operation receives the innermost signal and the current attempt.
 */
export function compose(...policies: Policy[]): ComposedPolicy {
  // Each layer is built once, innermost first, so a call allocates only what its policies need.
  let next: Layer = settled;
  for (let i = policies.length - 1; i >= 0; i--)
    next = layerOf(policies[i]!, policies[i + 1], next, i + 2 === policies.length);
  const outermost = next;
  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> =>
    outermost(operation, context?.signal, context?.attempt ?? 0);
  const policy = createDecorator(
    'compose()',
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return execute(() => fn.apply(this, args));
      },
    true,
  ) as ComposedPolicy;
  (policy as { execute: Policy['execute'] }).execute = execute;
  return policy;
}

function layerOf(policy: Policy, inner: Policy | undefined, rest: Layer, innerIsLast: boolean): Layer {
  const retry = retryHandlerOf(policy);
  // A retry directly around a policy that can hand failures back (a breaker) becomes one promise step on the
  // success path: the inner policy calls the retry loop on failure instead of rejecting.
  if (retry && inner?.attempt && innerIsLast) {
    // Made once per layer: the inner policy hands failures to it, and it runs the rest of the retry loop.
    const recover = <T>(error: unknown, operation: Operation<T>, context: ExecutionContext): Promise<T> =>
      retry.continueAfter(
        error,
        (n, signal) => inner.execute(operation, contextFor(signal, n)),
        context.signal,
      ) as Promise<T>;
    return (operation, signal) => {
      // Counting first successes costs a reaction per call whichever way: the plain path already does it.
      if (retry.tracking)
        return retry.execute((n, s) => inner.execute(operation, contextFor(s, n)), { signal }) as Promise<never>;
      if (!retry.begin(signal)) return Promise.reject(signal!.reason);
      const context = contextFor(signal, 0);
      try {
        return Promise.resolve(inner.attempt!(operation, context, recover));
      } catch (error) {
        return recover(error, operation, context);
      }
    };
  }
  return (operation, signal, attempt) =>
    policy.execute((ctx) => rest(operation, ctx.signal, ctx.attempt), contextFor(signal, attempt));
}
