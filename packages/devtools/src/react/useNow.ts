import { useEffect, useRef, useState } from 'react';
import type { Clock } from '@breakwater/core';

/** Milliseconds until the next tick, given the time now; null stops ticking. */
export type NextTick = (now: number) => number | null;

/**
 * `clock.now()`, re-read on every tick while the component is mounted. Ticks sleep on the clock itself, so a
 * `ManualClock` drives countdowns in tests. `next` says when the shown text will change (a countdown asks for
 * the next whole second), so a component renders only when it has something new to show.
 */
export function useNow(clock: Clock, next: number | NextTick = 1000): number {
  const [now, setNow] = useState(() => clock.now());
  const nextRef = useRef(next);
  nextRef.current = next;
  useEffect(() => {
    const stopped = new AbortController();
    const tick = (time: number): void => {
      const wanted = nextRef.current;
      const delay = typeof wanted === 'number' ? wanted : wanted(time);
      if (delay === null) return;
      clock.sleep(Math.max(1, delay), stopped.signal).then(
        () => {
          const current = clock.now();
          setNow(current);
          tick(current);
        },
        () => undefined,
      );
    };
    const current = clock.now();
    setNow(current);
    tick(current);
    return () => stopped.abort();
  }, [clock]);
  return now;
}
