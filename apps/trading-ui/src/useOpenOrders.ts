import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Order } from '@breakwater/exchange-sim/client';
import { errorText } from './format.ts';
import { pollDelay, type PollPace } from './pollDelay.ts';
import type { ShownOrder, TradingSession } from './session.ts';

export interface OpenOrdersState {
  /** The exchange's open orders as last fetched (kept when a fetch fails). */
  live: Order[] | undefined;
  /** The last fetch failed: the list may be out of date. */
  stale: boolean;
  problem: string | undefined;
  paper: readonly ShownOrder[];
  refresh: () => void;
}

/** Every 2 s while the exchange answers, slower per failed fetch in a row. */
export const OPEN_ORDERS_PACE: PollPace = { everyMs: 2000, factor: 2, maxMs: 16_000 };

/**
 * Open orders every 2 s (and at once on `refresh()`), plus the session's paper orders. A failing exchange is
 * asked less often, and not at all while the market-data breaker is OPEN (it says the exchange is down).
 */
export function useOpenOrders(session: TradingSession): OpenOrdersState {
  const [live, setLive] = useState<Order[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const kick = useRef<() => void>(() => undefined);
  const paper = useSyncExternalStore(
    useCallback((listener: () => void) => session.subscribe(listener), [session]),
    () => session.paperOrders(),
  );

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let again = false;
    let failures = 0;
    const poll = async () => {
      clearTimeout(timer);
      if (running) {
        again = true;
        return;
      }
      const pausedForMs =
        session.marketData.state === 'OPEN'
          ? (session.marketData.retryAfterMs ?? session.marketData.recoveryTimeoutMs)
          : 0;
      if (pausedForMs > 0) {
        timer = setTimeout(() => void poll(), pollDelay(OPEN_ORDERS_PACE, { failures, pausedForMs }));
        return;
      }
      running = true;
      try {
        const orders = await session.fetchOpenOrders();
        failures = 0;
        if (!stopped) {
          setLive(orders);
          setProblem(undefined);
        }
      } catch (error) {
        failures++;
        if (!stopped) setProblem(errorText(error));
      } finally {
        running = false;
      }
      if (stopped) return;
      if (again) {
        again = false;
        void poll();
      } else timer = setTimeout(() => void poll(), pollDelay(OPEN_ORDERS_PACE, { failures }));
    };
    kick.current = () => void poll();
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      kick.current = () => undefined;
    };
  }, [session]);

  const refresh = useCallback(() => kick.current(), []);
  return { live, stale: problem !== undefined, problem, paper, refresh };
}
