// A recorded session: a real ErrorHandler on a ManualClock, watched through a real DevtoolsFeed, its messages
// captured as they would cross the wire (JSON). View tests replay it; nothing in it is hand-made.
import { DevtoolsFeed, ErrorHandler, type DevtoolsMessage, type RecoveryAction } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';

export const T0 = Date.UTC(2024, 2, 1, 12, 0, 0); // 12:00:00 UTC

export interface Recording {
  /** Snapshot first, then batches, as JSON-parsed wire data. */
  messages: DevtoolsMessage[];
  handler: ErrorHandler;
  clock: ManualClock;
  feed: DevtoolsFeed;
}

// Fixed stacks: the recording must not depend on where this file lives.
const failure = (name: string, message: string, extra: Record<string, unknown>) =>
  Object.assign(new Error(message), { name, stack: `${name}: ${message}\n    at fetchTicker (bot.ts:12:7)`, ...extra });
const reset = (exchange: string) => failure('Error', `${exchange}: read ECONNRESET`, { code: 'ECONNRESET' });
const rateLimited = () => failure('RateLimitExceeded', '429 Too Many Requests', { status: 429 });
const corrupt = () => failure('BadResponse', 'corrupt ticker: last price is null', {});

/** Fails retryable errors (the exchange is down), serves a cached value for data errors. */
const actions: RecoveryAction[] = [
  { name: 'retry_later', priority: 2, conditions: [(ctx) => ctx.retryable], action: () => ({ type: 'failed' }) },
  {
    name: 'serve_cached',
    priority: 1,
    conditions: [(ctx) => ctx.category === 'data'],
    action: () => ({ type: 'fallback', value: 42_000 }),
  },
];

/**
 * kraken's connection keeps resetting: five failures open its breaker (batch 1); a minute later the trial call
 * fails too and it opens again (batch 2); binance serves a corrupt ticker (recovered from cache) and coinbase
 * is rate limited, and the bot switches to paper trading. Metadata carries an API key, which the handler redacts
 * before anything leaves it.
 */
export async function recordKrakenOutage(): Promise<Recording> {
  const clock = new ManualClock(T0);
  const handler = new ErrorHandler(
    { circuitBreaker: { failureThreshold: 5, recoveryTimeoutMs: 60_000 } },
    { clock, random: seededRandom(7), recoveryActions: actions },
  );
  const feed = new DevtoolsFeed(handler, { intervalMs: 250 });
  const messages: DevtoolsMessage[] = [];
  const wire = (m: DevtoolsMessage) => messages.push(JSON.parse(JSON.stringify(m)) as DevtoolsMessage);
  feed.subscribe(wire);
  wire(feed.snapshot());

  handler.recordSuccess('binance');
  for (let i = 0; i < 5; i++) {
    await handler.handle(
      handler.classify(reset('kraken'), 'fetch_ticker', 'kraken', { symbol: 'BTC/USD', apiKey: 'sk-live-123456' }),
    );
    await clock.advance(10);
  }
  await handler.handle(handler.classify(corrupt(), 'fetch_ticker', 'binance', { symbol: 'ETH/USDT' }));
  await clock.advance(200); // batch 1 goes out at T0 + 250

  await clock.advance(60_000);
  await handler.handle(handler.classify(reset('kraken'), 'fetch_ticker', 'kraken', { symbol: 'BTC/USD' }));
  await handler.handle(handler.classify(rateLimited(), 'create_order', 'coinbase', { symbol: 'BTC/USD', side: 'buy' }));
  handler.setMode('paper', 'kraken outage');
  await clock.advance(250); // batch 2
  return { messages, handler, clock, feed };
}
