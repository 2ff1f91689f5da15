import { optionError } from '../errors/options.ts';
import { CountWindow } from './CountWindow.ts';
import type { SlidingWindow, WindowOptions } from './SlidingWindow.ts';
import { TimeWindow } from './TimeWindow.ts';

/** Builds the window a rate strategy asked for; `owner` names the strategy in errors. */
export function createWindow(owner: string, options: WindowOptions): SlidingWindow {
  if (options?.type === 'count') return new CountWindow(options.size);
  if (options?.type === 'time') return new TimeWindow(options.durationMs, options.buckets);
  throw optionError(owner, 'window.type', '"count" or "time"', (options as { type?: unknown } | undefined)?.type);
}

/** resilience4j's rule: a count window of N calls can never hold more, so the minimum is capped at N. */
export function minimumCallsFor(window: WindowOptions, minimumCalls: number): number {
  return window.type === 'count' ? Math.min(minimumCalls, window.size) : minimumCalls;
}

/** A plain copy of validated window options, defaults filled in: what a strategy's spec saves. */
export function windowSpec(options: WindowOptions): WindowOptions {
  return options.type === 'count'
    ? { type: 'count', size: options.size }
    : { type: 'time', durationMs: options.durationMs, buckets: options.buckets ?? 10 };
}
