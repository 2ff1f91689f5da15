import { CAUSE_HEADLINE, type ExchangeCause } from './exchangeCause.ts';
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

/** What the screen does about each cause, after its headline. */
const CAUSE_ACTION: Readonly<Record<ExchangeCause, string>> = {
  maintenance: 'showing the last known price',
  unavailable: 'showing the last known price',
  'no-answer': 'showing the last known price',
  'rate-limit': 'asking less often',
  'corrupt-data': 'showing the last good price',
};

/**
 * One line in plain words: what the exchange is doing (its cause named from classified errors, once it has
 * held) and what the screen does about it; a second line when a breaker has paused requests.
 */
export function StatusBanner({ status, now, tickerStale, onGoLive }: StatusBannerProps) {
  let kind: string;
  let tone: Tone;
  let text: string;
  let detail: string | undefined;
  const breakers = status.openBreakers.filter((b) => b.until > now);
  if (status.mode === 'paper') {
    kind = 'paper';
    tone = 'paper';
    text = status.paperCause ? `${CAUSE_HEADLINE[status.paperCause]} — paper trading` : 'Paper trading';
    detail =
      'Orders are simulated here and not sent to the exchange. ' +
      `Live trading resumes after ${LIVE_POLLS_TO_RESUME} good price answers in a row, or now:`;
  } else if (status.cause) {
    kind = status.cause;
    tone = status.cause === 'rate-limit' ? 'warn' : 'bad';
    text = `${CAUSE_HEADLINE[status.cause]} — ${CAUSE_ACTION[status.cause]}`;
  } else if (tickerStale) {
    kind = 'degraded';
    tone = 'warn';
    text = 'Price not fresh — showing the last known price';
  } else {
    kind = 'live';
    tone = 'ok';
    text = 'Live';
  }
  const [fg, bg] = toneColours[tone];
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="status-banner"
      data-status={kind}
      data-breaker={breakers.length > 0 ? 'open' : 'closed'}
      style={{ background: bg, color: fg, padding: '10px 16px', borderRadius: 8, fontWeight: 600 }}
    >
      <span data-testid="status-text">{text}</span>
      {breakers.length > 0 && (
        <div data-testid="status-breaker" style={{ fontWeight: 400, fontSize: 13, marginTop: 4 }}>
          {breakers
            .map(
              (b) =>
                `${b.name} breaker open: requests paused after repeated failures — ` +
                `next try in ${secondsLeft(b.until - now)} s`,
            )
            .join('; ')}
        </div>
      )}
      {detail && (
        <div
          style={{
            fontWeight: 400,
            fontSize: 13,
            marginTop: 4,
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            flexWrap: 'wrap',
          }}
        >
          <span>{detail}</span>
          <button type="button" style={{ ...button, padding: '3px 10px' }} onClick={onGoLive}>
            Go live
          </button>
        </div>
      )}
      {status.mode === 'paper' && status.modeReason && (
        <div
          data-testid="status-reason"
          style={{ fontWeight: 400, fontSize: 12, marginTop: 4, opacity: 0.8 }}
        >{`Why: ${status.modeReason}`}</div>
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
