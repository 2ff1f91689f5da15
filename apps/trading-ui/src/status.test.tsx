import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createErrorContext, ErrorHandler, ManualClock } from '@breakwater/core';
import { StatusBanner } from './StatusBanner.tsx';
import { StatusModel, type ExchangeStatus } from './status.ts';

const banner = (status: ExchangeStatus, now: number, tickerStale = false) => {
  const html = renderToStaticMarkup(<StatusBanner status={status} now={now} tickerStale={tickerStale} onGoLive={() => undefined} />);
  return { kind: /data-status="([^"]+)"/.exec(html)![1], text: /data-testid="status-text">([^<]*)</.exec(html)![1] };
};

describe('StatusModel + StatusBanner', () => {
  it('says Live, then a rate-limit countdown, then maintenance / paper trading, in plain words', async () => {
    const clock = new ManualClock(1_000);
    const handler = new ErrorHandler({ circuitBreaker: { recoveryTimeoutMs: 5000 } }, { clock });
    const model = new StatusModel(handler);
    const stop = model.subscribe(() => undefined);
    expect(banner(model.getSnapshot(), clock.now())).toEqual({ kind: 'live', text: 'Live' });
    expect(banner(model.getSnapshot(), clock.now(), true)).toEqual({ kind: 'degraded', text: 'Exchange not answering — showing the last known price' });

    const tooFast = handler.classify(Object.assign(new Error('slow down'), { name: 'RateLimitExceeded', status: 429, headers: { 'retry-after': '3' } }), 'fetch_ticker', 'market-data');
    await handler.handle(tooFast);
    handler.notifyRetry(tooFast, 0, 3000);
    expect(banner(model.getSnapshot(), clock.now())).toEqual({ kind: 'rate-limited', text: 'Rate limited — retrying in 3 s' });
    expect(banner(model.getSnapshot(), clock.now() + 1200)).toEqual({ kind: 'rate-limited', text: 'Rate limited — retrying in 2 s' });
    expect(banner(model.getSnapshot(), clock.now() + 3000).kind).toBe('live');
    await clock.advance(3000);

    await handler.handle(createErrorContext({ operation: 'create_order', component: 'orders', category: 'exchange', name: 'OnMaintenance', message: 'under maintenance', status: 503 }));
    expect(handler.mode).toBe('paper');
    expect(banner(model.getSnapshot(), clock.now())).toEqual({ kind: 'paper', text: 'Exchange under maintenance — paper trading' });
    handler.setMode('live', 'test');
    expect(banner(model.getSnapshot(), clock.now()).kind).toBe('live');
    stop();
  });
});
