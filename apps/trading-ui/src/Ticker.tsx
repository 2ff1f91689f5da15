import { timerSleep, type Clock } from '@breakwater/core';
import { useNow } from '@breakwater/devtools';
import { formatPrice } from './format.ts';
import { SYMBOL } from './session.ts';
import { card, colours } from './styles.ts';
import { freshness, type TickerState } from './tickerState.ts';

/** Wall-clock time, as the ticker's `receivedAt` is stamped (`Date.now()`), sleeping on the platform's timers. */
const wallClock: Clock = { now: () => Date.now(), sleep: timerSleep };

/** The last price, with a plain "stale" badge and its age when it is not fresh from the exchange. */
export function Ticker({ state, symbol = SYMBOL }: { state: TickerState; symbol?: string }) {
  const now = useNow(wallClock, 500);
  const { ticker, problem } = state;
  if (!ticker) {
    return (
      <section style={card} aria-label="Ticker" data-testid="ticker">
        <h2 style={{ margin: 0, fontSize: 14, color: colours.muted }}>{symbol}</h2>
        <p data-testid="ticker-empty" style={{ margin: '8px 0 0' }}>
          {problem ? `No price yet — ${problem}` : 'Waiting for the first price…'}
        </p>
      </section>
    );
  }
  const { stale, badge: label } = freshness(state, now);
  return (
    <section style={card} aria-label="Ticker" data-testid="ticker" data-fresh={stale ? 'stale' : 'live'}>
      <h2 style={{ margin: 0, fontSize: 14, color: colours.muted }}>{symbol}</h2>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, marginTop: 6 }}>
        <span
          data-testid="ticker-price"
          style={{
            fontSize: 32,
            fontWeight: 700,
            fontVariantNumeric: 'tabular-nums',
            color: stale ? colours.muted : colours.text,
          }}
        >
          {formatPrice(ticker.last)}
        </span>
        {stale ? (
          <span data-testid="stale-badge" style={{ ...badge, background: colours.warnBg, color: colours.warn }}>
            {label}
          </span>
        ) : (
          <span data-testid="live-badge" style={{ ...badge, background: colours.okBg, color: colours.ok }}>
            live
          </span>
        )}
      </div>
      <div style={{ color: colours.muted, marginTop: 4, fontVariantNumeric: 'tabular-nums' }}>
        {`bid ${formatPrice(ticker.bid)} · ask ${formatPrice(ticker.ask)}`}
      </div>
      {stale && problem && (
        <div data-testid="ticker-problem" style={{ color: colours.warn, marginTop: 4, fontSize: 12 }}>
          {problem}
        </div>
      )}
    </section>
  );
}

const badge = { padding: '2px 8px', borderRadius: 10, fontSize: 12, fontWeight: 600 } as const;
