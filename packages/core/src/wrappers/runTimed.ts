import type { Clock } from '../time/Clock.ts';
import { deadlineOf, setDeadline, type Deadline } from './deadlineOf.ts';
import { contextOf, type ExecutionContext, type Operation } from './Policy.ts';

/**
 * Runs `operation` with a signal of its own, aborted with `expired()` after `ms` (or with the outer signal's
 * reason): the call rejects with that reason even if the operation ignores the signal. The inner signal carries
 * `deadline(enclosing)`, so retries inside see the time left. Shared by `timeout` (per attempt) and `deadline`
 * (the whole operation).
 */
export function runTimed<T>(
  operation: Operation<T>,
  context: Partial<ExecutionContext> | undefined,
  ms: number,
  clock: Clock,
  expired: () => Error,
  deadline: (enclosing: Deadline | undefined) => Deadline | undefined,
): Promise<T> {
  const { signal: outer, attempt } = contextOf(context);
  if (outer?.aborted) return Promise.reject(outer.reason);
  const inner = new AbortController();
  const limit = deadline(deadlineOf(outer));
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
      () => inner.abort(expired()),
      () => undefined, // the operation settled first
    );
    new Promise<T>((run) => run(operation({ signal: inner.signal, attempt }))).then(resolve, reject);
  }).finally(cleanup);
}
