import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorHandler, type ErrorHandlerConfig } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { ExchangeResponseError, RequestTimeoutError } from '@breakwater/exchange-sim/client';
import { StatusBanner } from './StatusBanner.tsx';
import { StatusModel, type ExchangeStatus } from './status.ts';

const banner = (status: ExchangeStatus, now: number, tickerStale = false) => {
  const html = renderToStaticMarkup(
    <StatusBanner status={status} now={now} tickerStale={tickerStale} onGoLive={() => undefined} />,
  );
  return {
    kind: /data-status="([^"]+)"/.exec(html)![1],
    text: /data-testid="status-text">([^<]*)</.exec(html)![1],
    breaker: /data-testid="status-breaker"[^>]*>([^<]*)</.exec(html)?.[1],
  };
};

const answer = (status: number, name: string, headers: Record<string, string> = {}) =>
  new ExchangeResponseError({
    name,
    method: 'GET',
    path: '/api/ticker',
    status,
    headers,
    body: {},
    detail: 'the exchange is under maintenance',
  });

/** The failures the simulator produces, as thrown by its client. */
const failures = {
  maintenance: () => answer(503, 'OnMaintenance'),
  unavailable: () => answer(503, 'ExchangeNotAvailable'),
  rateLimit: () => answer(429, 'RateLimitExceeded', { 'retry-after': '2' }),
  // Its URL says "maintenance": the banner must not be fooled by words.
  timeout: () => new RequestTimeoutError('GET', '/api/ticker?note=maintenance', 4000),
  corrupt: () => new SyntaxError('Unterminated string in JSON at position 40'),
};

describe('StatusModel + StatusBanner', () => {
  let clock: ManualClock;
  let handler: ErrorHandler;
  let model: StatusModel;
  let stop: () => void;

  const setUp = (config: ErrorHandlerConfig = {}) => {
    handler = new ErrorHandler(
      { circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 5000 }, ...config },
      { clock },
    );
    model = new StatusModel(handler);
    stop = model.subscribe(() => undefined);
  };
  /** One failed request of the ticker, `stepMs` after the previous result. */
  const fail = async (error: Error, stepMs = 1000) => {
    await clock.advance(stepMs);
    await handler.handle(handler.classify(error, 'fetch_ticker', 'market-data'));
    return banner(model.getSnapshot(), clock.now());
  };
  const succeed = async (stepMs = 1000) => {
    await clock.advance(stepMs);
    handler.recordSuccess('market-data');
    return banner(model.getSnapshot(), clock.now());
  };

  beforeEach(() => {
    clock = new ManualClock(1_000);
  });
  afterEach(() => stop());

  it('says Live, and "not fresh" for a stale price before any cause is known', () => {
    setUp();
    expect(banner(model.getSnapshot(), clock.now())).toEqual({ kind: 'live', text: 'Live', breaker: undefined });
    expect(banner(model.getSnapshot(), clock.now(), true)).toEqual({
      kind: 'degraded',
      text: 'Price not fresh — showing the last known price',
      breaker: undefined,
    });
  });

  it.each([
    ['rateLimit', 'rate-limit', 'Rate limited by the exchange — asking less often'],
    ['timeout', 'no-answer', 'Exchange not answering — showing the last known price'],
    ['corrupt', 'corrupt-data', 'Exchange sending corrupt data — showing the last good price'],
  ] as const)('names the cause of %s failures (%s) on the third in a row, exactly', async (failure, kind, text) => {
    setUp();
    expect((await fail(failures[failure]())).kind).toBe('live');
    expect((await fail(failures[failure]())).kind).toBe('live');
    expect(await fail(failures[failure]())).toEqual({ kind, text, breaker: undefined });
  });

  it('names maintenance and an unavailable exchange apart when paper trading is off', async () => {
    setUp({ recoveryActions: { exchange_fallback: { paperTradingEnabled: false } } });
    for (let i = 0; i < 3; i++) await fail(failures.maintenance());
    expect(banner(model.getSnapshot(), clock.now())).toEqual({
      kind: 'maintenance',
      text: 'Exchange under maintenance — showing the last known price',
      breaker: undefined,
    });
    // Three of six is a tie: the shown cause stays until the new one outnumbers it.
    for (let i = 0; i < 3; i++) expect((await fail(failures.unavailable())).kind).toBe('maintenance');
    expect((await fail(failures.unavailable())).text).toBe('Exchange unavailable — showing the last known price');
  });

  it('paper trading names the cause of the error that switched it, maintenance or not', async () => {
    setUp();
    expect(await fail(failures.maintenance())).toEqual({
      kind: 'paper',
      text: 'Exchange under maintenance — paper trading',
      breaker: undefined,
    });
    handler.setMode('live', 'test');
    expect(await fail(failures.unavailable())).toEqual({
      kind: 'paper',
      text: 'Exchange unavailable — paper trading',
      breaker: undefined,
    });
    handler.setMode('live', 'test');
    handler.setMode('paper', 'trader chose paper');
    expect(banner(model.getSnapshot(), clock.now()).text).toBe('Paper trading');
  });

  it('does not flicker: blips change nothing, recovery must hold 5 s over 3 successes', async () => {
    setUp();
    expect((await fail(failures.timeout())).kind).toBe('live');
    for (let i = 0; i < 4; i++) expect((await succeed()).kind).toBe('live');
    expect((await fail(failures.timeout())).kind).toBe('live');
    expect((await fail(failures.timeout())).kind).toBe('live');
    expect((await fail(failures.timeout())).kind).toBe('no-answer');
    const kinds = [];
    for (let i = 0; i < 6; i++) kinds.push((await succeed()).kind);
    expect(kinds).toEqual(['no-answer', 'no-answer', 'no-answer', 'no-answer', 'no-answer', 'live']);
  });

  it('shows a breaker that was already OPEN when the screen started (restored after a reload)', async () => {
    clock = new ManualClock(1_000);
    handler = new ErrorHandler({ circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 5000 } }, { clock });
    handler.getCircuitBreaker('market-data').recordFailure();
    await clock.advance(2000);
    model = new StatusModel(handler);
    stop = model.subscribe(() => undefined);
    expect(banner(model.getSnapshot(), clock.now()).breaker).toBe(
      'market-data breaker open: requests paused after repeated failures — next try in 3 s',
    );
  });

  it('says when the breaker is open, and when it tries again', async () => {
    setUp();
    // As the session does: every failed request counts on the market-data breaker (the handler itself takes a
    // rate limit it waits out as recovered).
    for (let i = 0; i < 5; i++) {
      await fail(failures.rateLimit());
      handler.getCircuitBreaker('market-data').recordFailure();
    }
    expect(handler.getCircuitBreaker('market-data').state).toBe('OPEN');
    expect(banner(model.getSnapshot(), clock.now())).toEqual({
      kind: 'rate-limit',
      text: 'Rate limited by the exchange — asking less often',
      breaker: 'market-data breaker open: requests paused after repeated failures — next try in 5 s',
    });
    expect(banner(model.getSnapshot(), clock.now() + 3100).breaker).toBe(
      'market-data breaker open: requests paused after repeated failures — next try in 2 s',
    );
    expect(banner(model.getSnapshot(), clock.now() + 5000).breaker).toBeUndefined();
  });
});
