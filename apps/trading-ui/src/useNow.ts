import { useEffect, useState } from 'react';

/** `now()` re-read every `everyMs`, for ages and countdowns. */
export function useNow(now: () => number, everyMs = 250): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setValue(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return value;
}
