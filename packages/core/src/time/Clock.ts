/**
 * Time as Breakwater sees it. Every component takes a `Clock` so tests run on a `ManualClock` with no real
 * waiting. `now()` is in epoch milliseconds but must never go backwards within a process: durations are
 * differences of `now()`, and snapshots that outlive the process store `now()` values too.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A source of uniformly distributed numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

function monotonicNow(): () => number {
  const perf = globalThis.performance;
  // timeOrigin + performance.now() is epoch-aligned yet immune to wall-clock jumps during the process.
  if (perf && typeof perf.now === 'function' && typeof perf.timeOrigin === 'number') {
    const origin = perf.timeOrigin;
    return () => origin + perf.now();
  }
  let last = 0;
  return () => (last = Math.max(last, Date.now()));
}

/** Platform timers overflow above 2^31 - 1 ms and fire at once; longer sleeps are made of several timers. */
const maxTimerMs = 2 ** 31 - 1;

/** Sleeps on the platform's timers; shared by `systemClock` and any clock that wants real waiting. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    let remaining = ms > 0 ? ms : 0; // negative or NaN: as soon as possible, like setTimeout
    let handle: unknown;
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal!.reason);
    };
    const arm = () => {
      const step = Math.min(remaining, maxTimerMs);
      remaining -= step;
      handle = setTimeout(remaining > 0 ? arm : done, step);
    };
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    arm();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

let defaultClock: Clock | undefined;

/** The real clock: monotonic epoch milliseconds and platform timers. Created lazily (no work at import). */
export function systemClock(): Clock {
  return (defaultClock ??= { now: monotonicNow(), sleep: timerSleep });
}

/** The platform's `Math.random`. */
export const defaultRandom: Random = () => Math.random();
