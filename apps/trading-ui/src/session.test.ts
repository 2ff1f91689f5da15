import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorHandler } from '@breakwater/core';
import { loadScenarioFile, scenarioFile, startExchangeSim, type ExchangeSim } from '@breakwater/exchange-sim';
import { HANDLER_CONFIG, LIVE_POLLS_TO_RESUME, TradingSession } from './session.ts';

describe('TradingSession against the simulator', () => {
  let sim: ExchangeSim;
  let handler: ErrorHandler;
  let session: TradingSession;
  let ids = 0;

  beforeEach(async () => {
    sim = await startExchangeSim({ port: 0, seed: 3, scenario: await loadScenarioFile(scenarioFile('calm')) });
    handler = new ErrorHandler({ ...HANDLER_CONFIG, baseDelayMs: 10, maxDelayMs: 20 });
    session = new TradingSession(handler, sim.url, { timeoutMs: 1000, newClientOrderId: () => `t-${++ids}` });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('polls live, serves the last good ticker as not live in maintenance, and goes live again by itself', async () => {
    const first = await session.pollTicker();
    expect(first.live).toBe(true);
    sim.setOutage('maintenance');
    // The first failing poll switches to paper (exchange_fallback); a read has no degrade, so it rejects or
    // serves the last good price — never a live reading.
    const during = await session.pollTicker().then(
      (r) => r.live,
      () => false,
    );
    expect(during).toBe(false);
    expect(handler.mode).toBe('paper');
    sim.setOutage(null);
    for (let i = 0; i < LIVE_POLLS_TO_RESUME - 1; i++) {
      expect((await session.pollTicker()).live).toBe(true);
      expect(handler.mode).toBe('paper');
    }
    await session.pollTicker();
    expect(handler.mode).toBe('live');
  });

  it('in maintenance: opens its market-data breaker after 5 failed polls (1 request each), then is quiet', async () => {
    await session.pollTicker();
    const before = sim.stats().requests;
    sim.setOutage('maintenance');
    const breaker = handler.getCircuitBreaker('market-data');
    for (let i = 1; i <= HANDLER_CONFIG.circuitBreaker!.failureThreshold!; i++) {
      await session.pollTicker().catch(() => undefined);
      // No retry inside a poll: the next poll is the retry.
      expect(sim.stats().requests - before).toBe(i);
    }
    expect(breaker.state).toBe('OPEN');
    const open = sim.stats().requests;
    for (let i = 0; i < 10; i++) {
      const reading = await session.pollTicker();
      expect(reading).toMatchObject({ live: false, pausedForMs: expect.any(Number) });
      expect(reading.pausedForMs).toBeGreaterThan(0);
    }
    expect(sim.stats().requests).toBe(open);
  });

  it('places live orders, paper orders while in paper mode, and never sends one twice', async () => {
    const { last } = (await session.pollTicker()).ticker!;
    const live = await session.placeOrder({ side: 'buy', amount: 0.01, price: Math.round(last * 0.8) });
    expect(live).toMatchObject({ paper: false, status: 'open', clientOrderId: 't-1' });
    sim.setOutage('maintenance');
    const paper = await session.placeOrder({ side: 'buy', amount: 0.02, price: Math.round(last * 0.8) });
    expect(paper).toMatchObject({ paper: true, id: 'PAPER-1', status: 'open' });
    expect(session.paperOrders()).toEqual([paper]);
    expect(sim.orders()).toHaveLength(1);
    session.goLive();
    expect(handler.mode).toBe('live');
    sim.setOutage(null);
    expect((await session.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['t-1']);
    session.discardPaperOrder('t-2');
    expect(session.paperOrders()).toEqual([]);
  });

  it('asks the exchange before retrying an order whose answer was lost', async () => {
    const { last } = (await session.pollTicker()).ticker!;
    sim.setScenario({ faults: { acceptThenTimeout: { probability: 1, lostBy: 'reset' } } });
    // The first answer is lost; once the retry is scheduled the exchange answers again, and the retry finds
    // the stored order instead of placing it a second time.
    const stop = handler.subscribe((event) => {
      if (event.type === 'call.retry-scheduled') sim.setScenario({});
    });
    const order = await session.placeOrder({ side: 'sell', amount: 0.01, price: Math.round(last * 1.2) });
    stop();
    expect(order).toMatchObject({ paper: false, side: 'sell' });
    expect(sim.orders()).toHaveLength(1);
    expect(sim.stats().duplicateOrderAttempts).toBe(0);
  });
});
