import { CountWindow } from './CountWindow.ts';
import type { SlidingWindow, WindowOptions } from './SlidingWindow.ts';
import { TimeWindow } from './TimeWindow.ts';

export function createWindow(options: WindowOptions): SlidingWindow {
  return options.type === 'count' ? new CountWindow(options.size) : new TimeWindow(options.durationMs, options.buckets);
}
