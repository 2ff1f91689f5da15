import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { BreakwaterDevtools, useNow } from '@breakwater/devtools';
import { errorText } from './format.ts';
import { OpenOrders } from './OpenOrders.tsx';
import { OrderForm } from './OrderForm.tsx';
import { SYMBOL, type TradingSession } from './session.ts';
import { StatusBanner } from './StatusBanner.tsx';
import { StatusModel } from './status.ts';
import { colours } from './styles.ts';
import { Ticker } from './Ticker.tsx';
import { freshness } from './tickerState.ts';
import { useOpenOrders } from './useOpenOrders.ts';
import { useTicker } from './useTicker.ts';

/** The trading screen: status, ticker, order form, open orders, and the Breakwater devtools (collapsed). */
export function App({ session }: { session: TradingSession }) {
  const handler = session.handler;
  const model = useMemo(() => new StatusModel(handler), [handler]);
  const status = useSyncExternalStore(model.subscribe, model.getSnapshot);
  // Re-renders 4 times a second; read the clock now, not the last tick (a countdown must not start at 6 of 5 s).
  useNow(handler.clock, 250);
  const now = handler.clock.now();
  const ticker = useTicker(session);
  const orders = useOpenOrders(session);
  const [notice, setNotice] = useState<string | undefined>();
  const paperMode = status.mode === 'paper';
  const tickerStale = ticker.ticker !== undefined && freshness(ticker, Date.now()).stale;

  const cancel = useCallback(
    (id: string) => {
      session.cancelOrder(id).then(
        () => orders.refresh(),
        (error: unknown) => setNotice(`Cancel failed — ${errorText(error)}`),
      );
    },
    [session, orders],
  );

  return (
    <main style={{ maxWidth: 900, margin: '0 auto', padding: 16, display: 'grid', gap: 12, paddingBottom: 80 }}>
      <header style={{ display: 'flex', alignItems: 'baseline', gap: 12 }}>
        <h1 style={{ margin: 0, fontSize: 20 }}>Breakwater trading</h1>
        <span style={{ color: colours.muted }}>{`${SYMBOL} on the exchange simulator`}</span>
      </header>
      <StatusBanner status={status} now={now} tickerStale={tickerStale} onGoLive={() => session.goLive()} />
      <Ticker state={ticker} />
      <OrderForm
        session={session}
        lastPrice={ticker.ticker?.last}
        paperMode={paperMode}
        onPlaced={() => orders.refresh()}
      />
      <OpenOrders
        state={orders}
        paperMode={paperMode}
        onCancel={cancel}
        onDiscardPaper={(id) => session.discardPaperOrder(id)}
      />
      {notice && (
        <p role="alert" style={{ color: colours.bad, margin: 0 }}>
          {notice}
        </p>
      )}
      <BreakwaterDevtools handler={handler} />
    </main>
  );
}
