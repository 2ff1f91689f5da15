/** What a policy hands to the operation it runs. */
export interface ExecutionContext {
  /** Aborted when the caller gives up or an enclosing `timeout` fires. */
  signal: AbortSignal | undefined;
  /** 0 for the first attempt; counts retries made by an enclosing `retrying`. */
  attempt: number;
}

export type Operation<T> = (context: ExecutionContext) => T | PromiseLike<T>;

/** Something that runs an operation under a rule (retry, breaker, timeout); composable with `compose`. */
export interface Policy {
  execute<T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T>;
  /**
   * Runs `operation` once; a failure is counted by the policy and then handed to `recover` (with the
   * operation and context it failed with) instead of rejecting. `recover` is the same function for every
   * call, so fusing a retry with the policy inside it allocates nearly nothing. @internal
   */
  attempt?<T>(
    operation: Operation<T>,
    context: ExecutionContext,
    recover: (error: unknown, operation: Operation<T>, context: ExecutionContext) => Promise<T>,
  ): T | PromiseLike<T>;
}

export function contextOf(context: Partial<ExecutionContext> | undefined): ExecutionContext {
  return { signal: context?.signal, attempt: context?.attempt ?? 0 };
}
