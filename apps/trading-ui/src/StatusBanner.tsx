import { secondsLeft } from './format.ts';
import { LIVE_POLLS_TO_RESUME } from './session.ts';
import type { ExchangeStatus } from './status.ts';
import { button, colours } from './styles.ts';

export interface StatusBannerProps {
  status: ExchangeStatus;
  /** Handler-clock now (retry and breaker times are on the handler's clock). */
  now: number;
  /** The ticker is showing a price that is not fresh from the exchange. */
  tickerStale: boolean;
  onGoLive: () => void;
}

type Tone = 'ok' | 'warn' | 'bad' | 'paper';

/** One line in plain words: what the exchange is doing and what the screen does about it. */
export function StatusBanner({ status, now, tickerStale, onGoLive }: StatusBannerProps) {
  let kind: string;
  let tone: Tone;
  let text: string;
  let detail: string | undefined;
  const retry = status.retry && status.retry.until > now ? status.retry : undefined;
  const breaker = status.openBreakers.find((b) => b.until > now);
  if (status.mode === 'paper') {
    kind = 'paper';
    tone = 'paper';
    text = status.maintenance ? 'Exchange under maintenance — paper trading' : 'Exchange unavailable — paper trading';
    detail = `Orders are simulated here and not sent to the exchange. Live trading resumes after ${LIVE_POLLS_TO_RESUME} good price answers in a row, or now:`;
  } else if (retry) {
    kind = retry.rateLimited ? 'rate-limited' : 'retrying';
    tone = 'warn';
    const s = secondsLeft(retry.until - now);
    text = retry.rateLimited ? `Rate limited — retrying in ${s} s` : `Exchange not answering — retrying in ${s} s`;
  } else if (breaker) {
    kind = 'breaker-open';
    tone = 'bad';
    text = `Exchange failing repeatedly — ${breaker.name} paused, trying again in ${secondsLeft(breaker.until - now)} s`;
  } else if (tickerStale) {
    kind = 'degraded';
    tone = 'warn';
    text = 'Exchange not answering — showing the last known price';
  } else {
    kind = 'live';
    tone = 'ok';
    text = 'Live';
  }
  const [fg, bg] = toneColours[tone];
  return (
    <div role="status" aria-live="polite" data-testid="status-banner" data-status={kind} style={{ background: bg, color: fg, padding: '10px 16px', borderRadius: 8, fontWeight: 600 }}>
      <span data-testid="status-text">{text}</span>
      {detail && (
        <div style={{ fontWeight: 400, fontSize: 13, marginTop: 4, display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
          <span>{detail}</span>
          <button type="button" style={{ ...button, padding: '3px 10px' }} onClick={onGoLive}>
            Go live
          </button>
        </div>
      )}
      {status.mode === 'paper' && status.modeReason && (
        <div data-testid="status-reason" style={{ fontWeight: 400, fontSize: 12, marginTop: 4, opacity: 0.8 }}>{`Why: ${status.modeReason}`}</div>
      )}
    </div>
  );
}

const toneColours: Record<Tone, [string, string]> = {
  ok: [colours.ok, colours.okBg],
  warn: [colours.warn, colours.warnBg],
  bad: [colours.bad, colours.badBg],
  paper: [colours.paper, colours.paperBg],
};
