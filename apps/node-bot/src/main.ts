// The reference bot: `npm start` from the repository root. Ctrl-C stops it and prints the handler's stats.
import { ErrorHandler, seededRandom, systemClock, type HandlerEvent } from '@breakwater/core';
import { fileStore, loadConfigFile, startDevtoolsServer } from '@breakwater/node';
import { resolve } from 'node:path';
import { FlakyExchange } from './FlakyExchange.ts';
import { TradingBot } from './TradingBot.ts';

// npm runs workspace scripts in the workspace folder, where config.yaml lives.
const configPath = resolve(process.env.BOT_CONFIG ?? 'config.yaml');
const durationS = Number(process.env.BOT_DURATION_S ?? 0); // 0: until Ctrl-C
const tickMs = Number(process.env.BOT_TICK_MS ?? 400);

const dataDir = resolve(process.env.BOT_DATA_DIR ?? 'var/history');

const { config, warnings } = await loadConfigFile(configPath);
for (const w of warnings) console.warn(`config warning: ${w.path}: ${w.message}`);

const clock = systemClock();
// History and breaker state survive restarts: an exchange that was OPEN stays OPEN for the rest of its timeout.
const store = await fileStore({ dir: dataDir, retention: { maxRecords: 100_000 } });
for (const warning of store.warnings) console.warn(`history: ${warning.message}`);
const handler = new ErrorHandler(config, { clock, store });
const restored = await handler.restore();
const devtools = await startDevtoolsServer(handler, { port: Number(process.env.BOT_DEVTOOLS_PORT ?? 0) });
const exchange = new FlakyExchange({ random: seededRandom(7), phaseMs: 6_000, now: () => clock.now() });
const bot = new TradingBot(exchange, handler);
const started = clock.now();
const stamp = () => `[${((clock.now() - started) / 1000).toFixed(1).padStart(5)}s]`;

handler.subscribe((event: HandlerEvent) => {
  const line = describe(event);
  if (line) console.log(`${stamp()} ${line}`);
});

function describe(event: HandlerEvent): string | undefined {
  switch (event.type) {
    case 'breaker.state':
      return `breaker ${event.name}: ${event.from} -> ${event.to} (${event.reason})`;
    case 'mode.changed':
      return `mode ${event.from} -> ${event.to}: ${event.reason}`;
    case 'recovery.succeeded':
      return `recovered by ${event.action} (${event.outcome})`;
    case 'error.recorded':
      return `error ${event.context.category}/${event.context.severity} in ${event.context.operation}: ${event.context.name}: ${event.context.message}`;
    default:
      return undefined;
  }
}

let running = true;
let healthyTicks = 0;
const stop = () => {
  running = false;
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log(`${stamp()} Breakwater demo bot on a flaky simulated exchange (config ${configPath}); Ctrl-C to stop`);
console.log(`${stamp()} history in ${dataDir}: ${restored.records} errors and ${restored.breakers.length} breakers restored`);
console.log(`${stamp()} devtools: ${devtools.url}`);
while (running && (durationS === 0 || clock.now() - started < durationS * 1000)) {
  const phase = exchange.phase;
  try {
    const what = await bot.tick();
    console.log(`${stamp()} [${phase}] ${handler.mode === 'paper' ? '(paper) ' : ''}${what}`);
    healthyTicks = phase === 'calm' ? healthyTicks + 1 : 0;
  } catch (error) {
    healthyTicks = 0;
    console.log(`${stamp()} [${phase}] tick failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  // The way back from paper trading: the exchange has answered calmly for a while.
  if (handler.mode === 'paper' && healthyTicks >= 5) handler.setMode('live', 'exchange healthy for 5 ticks');
  await clock.sleep(tickMs);
}

const stats = handler.stats();
console.log(`\n${stamp()} stopped. errors: ${stats.totalErrors}, by component ${JSON.stringify(stats.errorCounts)}`);
console.log(`recovery: ${JSON.stringify(stats.recoveryStats)}`);
console.log(`breakers: ${JSON.stringify(stats.circuitBreakerStates)}, mode: ${stats.mode}`);
console.log(`orders: ${exchange.orders.size} live (${exchange.duplicateSubmissions} duplicate submissions), ${bot.paperOrders.length} paper`);
await devtools.close();
await handler.close(); // flushes history and breaker state to disk
console.log(`history flushed to ${dataDir}`);
process.exit(0);
