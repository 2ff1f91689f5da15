// The reference bot on a calm exchange with Breakwater's own chaos policies in its requests (BOT_CHAOS): resets,
// maintenance answers, rate limits and latency injected at the fetch layer. Its handling must be what the
// simulator's faults bring out: errors classified from structure, retries, the exchange breaker opening and
// closing, paper trading while down, and never an order twice.
import { startExchangeSim, type ExchangeSim } from '@breakwater/exchange-sim';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../../apps/node-bot/src/runBot.ts';

const config = `
error_handling:
  max_retries: 2
  base_delay: 0.01
  max_delay: 0.05
  circuit_breaker:
    failure_threshold: 4
    recovery_timeout: 0.3
  recovery_actions:
    network_retry:     { enabled: true, priority: 1, max_retries: 2 }
    rate_limit_wait:   { enabled: true, priority: 2, wait_time: 1 }
    data_fallback:     { enabled: true, priority: 3, cache_ttl: 60 }
    exchange_fallback: { enabled: true, priority: 4, paper_trading_enabled: true }
`;

let dir: string;
let sim: ExchangeSim | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bw-node-bot-chaos-'));
  await writeFile(join(dir, 'config.yaml'), config);
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the reference bot under injected chaos', () => {
  it('classifies, retries, opens and closes its breaker, never orders twice (the exchange never fails)', async () => {
    sim = await startExchangeSim({ port: 0, seed: 7, scenario: {} });
    const lines: string[] = [];
    const running = await runBot({
      configPath: join(dir, 'config.yaml'),
      dataDir: join(dir, 'history'),
      tickMs: 20,
      durationMs: 5_000,
      devtoolsPort: 0,
      exchangeUrl: sim.url,
      seed: 7,
      scenario: 'calm',
      liveAfterTicks: 2,
      requestTimeoutMs: 1_000,
      chaos: { reset: 0.25, maintenance: 0.1, rateLimit: 0.03, latency: 0.05, seed: 11 },
      log: (line) => lines.push(line),
    });
    const summary = await running.finished;
    const output = lines.join('\n');
    expect(lines[0], output).toBe('chaos: latency 5%, reset 25%, maintenance 10%, rateLimit 3% of requests');

    // The simulator saw no fault of its own: everything the bot handled was injected.
    const stats = sim.stats();
    expect(Object.values(stats.faults).reduce((a, b) => a + b, 0)).toBe(0);
    const handler = running.handler.stats();
    expect(handler.categoryCounts.network, output).toBeGreaterThan(0);
    expect(handler.categoryCounts.exchange, output).toBeGreaterThan(0); // OnMaintenance
    expect(handler.categoryCounts.api, output).toBeGreaterThan(0); // RateLimitExceeded
    // Maintenance sends it to paper trading, and calm ticks bring it back.
    expect(summary.modeChanges.toPaper, output).toBeGreaterThan(0);
    expect(summary.modeChanges.toLive, output).toBeGreaterThan(0);
    expect(summary.breakerTransitions['kraken-api: CLOSED->OPEN'], output).toBeGreaterThan(0);
    expect(summary.breakerTransitions['kraken-api: HALF_OPEN->CLOSED'], output).toBeGreaterThan(0);
    expect(summary.ticks, output).toBeGreaterThan(20);
    // Never an order twice: none refused as a duplicate, no client order id twice.
    const orders = sim.orders();
    expect(stats.duplicateOrderAttempts).toBe(0);
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(orders.length);
    expect(summary.storage).toMatchObject({ written: summary.totalErrors, dropped: 0 });
  }, 30_000);
});
