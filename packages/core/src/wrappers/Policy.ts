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
}

export function contextOf(context: Partial<ExecutionContext> | undefined): ExecutionContext {
  return { signal: context?.signal, attempt: context?.attempt ?? 0 };
}
