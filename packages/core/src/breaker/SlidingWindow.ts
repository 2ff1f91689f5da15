/** Counts recent calls and how many of them were flagged (failed, or slow). */
export interface SlidingWindow {
  add(at: number, flagged: boolean): void;
  /** Calls in the window at time `at`. */
  total(at: number): number;
  /** Flagged calls in the window at time `at`. */
  flagged(at: number): number;
  reset(): void;
}

/** How a rate strategy measures "recent": the last N calls, or the last N milliseconds. */
export type WindowOptions = { type: 'count'; size: number } | { type: 'time'; durationMs: number; buckets?: number };
