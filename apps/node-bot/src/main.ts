// The reference bot: `npm start` from the repository root. Ctrl-C stops it, flushes history and prints its stats.
import { dirname, join, resolve } from 'node:path';
import { parseChaos } from './chaosFetch.ts';
import { loadDevtoolsToken } from './devtoolsToken.ts';
import { runBot, type BotSummary } from './runBot.ts';

const env = process.env;
const number = (name: string, fallback: number): number => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a number >= 0, got ${JSON.stringify(env[name])}`);
  return value;
};

const started = Date.now();
const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]`;
const log = (line: string) => console.log(`${stamp()} ${line}`);

// npm runs workspace scripts in the workspace folder, where config.yaml lives.
const configPath = resolve(env.BOT_CONFIG ?? 'config.yaml');
const dataDir = resolve(env.BOT_DATA_DIR ?? 'var/history');
const name = env.BOT_NAME ?? `bot-${process.pid}`;
const origins = (env.BOT_DEVTOOLS_FLEET ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter((o) => o !== '');
// A stable devtools address across restarts, so an open panel reconnects by itself: a fixed port (another
// free one, said in the log, when a second bot holds it) and a token kept beside the history (0600).
const DEFAULT_DEVTOOLS_PORT = 4319;
const devtoolsTokenFile = resolve(env.BOT_DEVTOOLS_TOKEN_FILE ?? join(dirname(dataDir), 'devtools-token'));
const devtoolsToken = await loadDevtoolsToken(devtoolsTokenFile);
const running = await runBot({
  name,
  // A fleet: set REDIS_URL (e.g. redis://127.0.0.1:6379) and every bot shares one history and one account budget.
  ...(env.REDIS_URL ? { redis: { url: env.REDIS_URL, ratePerSecond: number('BOT_RATE_PER_S', 20) } } : {}),
  ...(origins.length > 0 ? { devtoolsFleetOrigins: origins } : {}),
  configPath,
  dataDir,
  tickMs: number('BOT_TICK_MS', 400),
  durationMs: number('BOT_DURATION_S', 0) * 1000, // 0: until Ctrl-C
  devtoolsPort: number('BOT_DEVTOOLS_PORT', DEFAULT_DEVTOOLS_PORT),
  // Only the default port falls back: a port asked for explicitly is one a script or proxy relies on.
  devtoolsPortFallback: env.BOT_DEVTOOLS_PORT === undefined,
  devtoolsToken: devtoolsToken.token,
  ...(env.EXCHANGE_URL ? { exchangeUrl: env.EXCHANGE_URL } : {}),
  seed: number('BOT_SEED', 7),
  scenario: env.BOT_SCENARIO ?? 'lively',
  liveAfterTicks: number('BOT_LIVE_AFTER_TICKS', 5),
  requestTimeoutMs: number('BOT_REQUEST_TIMEOUT_MS', 2000),
  ...(env.BOT_CHAOS ? { chaos: parseChaos(env.BOT_CHAOS) } : {}),
  log,
});

let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C means "now": skip the flush rather than hang on it.
  if (++signals > 1) process.exit(130);
  log(`${signal}: stopping (history is being flushed; Ctrl-C again to quit at once)`);
  void running.stop();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

log(`Breakwater reference bot ${name} on ${running.exchangeUrl} (config ${configPath}); Ctrl-C to stop`);
const historyPlace = env.REDIS_URL ? 'Redis' : dataDir;
log(
  `history in ${historyPlace}: ${running.restored.records} errors and ` +
    `${running.restored.breakers.length} breakers restored`,
);
log(`devtools: ${running.devtoolsUrl}`);
const metricsToken = new URL(running.devtoolsUrl).hash.slice('#token='.length);
log(`metrics: curl -H 'Authorization: Bearer ${metricsToken}' ${running.metricsUrl}`);
log(
  `devtools token ${devtoolsToken.created ? 'created in' : 'from'} ${devtoolsTokenFile} (delete it to get a new one)`,
);

let summary: BotSummary;
try {
  summary = await running.finished;
} catch (error) {
  console.error(`${stamp()} the bot failed:`, error);
  process.exit(1);
}
console.log(
  `\n${stamp()} stopped after ${summary.ticks} ticks (${summary.failedTicks} failed). ` +
    `errors: ${summary.totalErrors}, by component ${JSON.stringify(summary.errorCounts)}`,
);
console.log(`recovery: ${JSON.stringify(summary.recoveryStats)}`);
console.log(
  `breakers: ${JSON.stringify(summary.breakers)}, ` +
    `transitions ${JSON.stringify(summary.breakerTransitions)}, mode: ${summary.mode}`,
);
const { orders } = summary;
console.log(
  `orders: ${orders.live} live (${orders.foundOnRetry} found already placed on retry, ` +
    `${orders.reconciled} reconciled later), ${orders.paper} paper`,
);
if (orders.unconfirmed.length > 0)
  console.log(`unconfirmed at exit (sent, answer lost; check on the exchange): ${orders.unconfirmed.join(', ')}`);
if (summary.exchange) {
  console.log(
    `exchange: ${summary.exchange.requests} requests, ${summary.exchange.ordersAccepted} orders accepted, ` +
      `${summary.exchange.duplicateOrderAttempts} duplicate order attempts`,
  );
}
console.log(
  `history flushed to ${historyPlace} ` +
    `(${summary.storage?.written ?? 0} written, ${summary.storage?.dropped ?? 0} dropped)`,
);
// For scripts and tests: one line, machine-readable.
console.log(`SUMMARY ${JSON.stringify(summary)}`);
process.exit(0);
