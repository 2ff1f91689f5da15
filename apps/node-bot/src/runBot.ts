import {
  ErrorHandler,
  systemClock,
  type CircuitState,
  type ErrorHandlerStats,
  type HistoryStore,
} from '@breakwater/core';
import { startExchangeSim, type ExchangeSim, type ExchangeSimStats } from '@breakwater/exchange-sim';
import { ExchangeClient } from '@breakwater/exchange-sim/client';
import { fileStore, loadConfigFile, startDevtoolsServer, type DevtoolsServer } from '@breakwater/node';
import {
  redisStore,
  sharedBreakers,
  sharedRateLimit,
  type SharedBreakers,
  type SharedRateLimit,
} from '@breakwater/redis';
import { mkdir } from 'node:fs/promises';
import { chaosFetch, type BotChaos } from './chaosFetch.ts';
import { describeEvent } from './describeEvent.ts';
import { namedStore } from './namedStore.ts';
import { OrderJournal } from './OrderJournal.ts';
import { resolveScenario } from './resolveScenario.ts';
import { TradingBot, type OrderCounts } from './TradingBot.ts';

export interface BotOptions {
  /** This process in the devtools panel and in every stored record (`metadata.process`). Default `bot-<pid>`. */
  name?: string;
  /**
   * A fleet: history in one Redis Stream (`redisStore`), breakers shared by name (`sharedBreakers`) and the
   * exchange account's request budget (`sharedRateLimit`, `ratePerSecond` with bursts of 5). Without it, history
   * goes to `dataDir` (a file store).
   */
  redis?: { url: string; ratePerSecond: number };
  /** The other bots' devtools origins: any of their panels may watch this bot, and this one's may watch them. */
  devtoolsFleetOrigins?: string[];
  /** The seed's YAML configuration file. */
  configPath: string;
  /** History and breaker state (a `fileStore` directory; with `redis`, only the order journal). */
  dataDir: string;
  tickMs: number;
  /** Stop by itself after this long; 0 runs until `stop()`. */
  durationMs: number;
  /** The devtools server's port; 0 for any free one. */
  devtoolsPort: number;
  /** When `devtoolsPort` is taken, listen on a free port instead of failing. Default false. */
  devtoolsPortFallback?: boolean;
  /** The devtools token; default a new random one per run (a page of an earlier run is then refused). */
  devtoolsToken?: string;
  /** Trade against this exchange; without it, a simulator is started in this process (real HTTP over loopback). */
  exchangeUrl?: string;
  /** The in-process simulator's seed and scenario (a shipped name or a YAML path). */
  seed: number;
  scenario: string;
  /** Calm ticks in a row (and the exchange breaker CLOSED) before paper trading goes back live. */
  liveAfterTicks: number;
  /** The exchange client's patience per request. */
  requestTimeoutMs: number;
  /** Trouble injected into the bot's own requests (Breakwater's chaos policies), on top of the exchange's. */
  chaos?: BotChaos;
  /** One line per event worth reading. */
  log: (line: string) => void;
}

/** What a run did: printed as the `SUMMARY` line on exit. */
export interface BotSummary {
  process: string;
  ticks: number;
  failedTicks: number;
  /** Errors handled in this run; the store holds these plus `storedBefore`, the records of earlier runs. */
  totalErrors: number;
  storedBefore: number;
  storage: ErrorHandlerStats['storage'];
  errorCounts: Record<string, number>;
  recoveryStats: ErrorHandlerStats['recoveryStats'];
  breakers: Record<string, CircuitState>;
  /** `name: FROM->TO` → how often. */
  breakerTransitions: Record<string, number>;
  modeChanges: { toPaper: number; toLive: number };
  mode: string;
  orders: OrderCounts;
  /** The in-process simulator's view; absent with `exchangeUrl`. */
  exchange?: Pick<ExchangeSimStats, 'requests' | 'ordersAccepted' | 'duplicateOrderAttempts' | 'faults'> & {
    clientOrderIdsSeenTwice: number;
  };
}

export interface RunningBot {
  readonly handler: ErrorHandler;
  readonly bot: TradingBot;
  readonly sim: ExchangeSim | undefined;
  readonly exchangeUrl: string;
  readonly devtoolsUrl: string;
  /** The Prometheus endpoint (send the devtools token as a Bearer token). */
  readonly metricsUrl: string;
  readonly restored: { records: number; breakers: string[]; unconfirmedOrders: string[] };
  /** Resolves once the loop ended (duration over or `stop()`) and everything is closed, history flushed. */
  readonly finished: Promise<BotSummary>;
  /** Ends the loop (an in-flight retry wait ends at once), closes devtools, the handler (flush) and the simulator. */
  stop(): Promise<BotSummary>;
}

/** Starts the simulator (unless given a URL), the handler on its file store, the devtools server, the trading loop. */
export async function runBot(options: BotOptions): Promise<RunningBot> {
  const { log } = options;
  const name = options.name ?? `bot-${process.pid}`;
  const { config, warnings } = await loadConfigFile(options.configPath);
  for (const w of warnings) log(`config warning: ${w.path}: ${w.message}`);

  const clock = systemClock();
  let sim: ExchangeSim | undefined;
  if (options.exchangeUrl === undefined) {
    const { scenario, source } = await resolveScenario(options.scenario);
    sim = await startExchangeSim({ port: 0, seed: options.seed, scenario, clock });
    log(`exchange simulator on ${sim.url} (scenario ${source}, seed ${sim.seed})`);
  }
  const exchangeUrl = options.exchangeUrl ?? sim!.url;

  // History and breaker state survive restarts: an exchange that was OPEN stays OPEN for the rest of its timeout.
  let store: HistoryStore;
  let limit: SharedRateLimit | undefined;
  if (options.redis) {
    const { url, ratePerSecond } = options.redis;
    store = redisStore({ url, retention: { maxRecords: 100_000 } });
    // One budget for the account, whichever bot calls; a 429's Retry-After pauses them all.
    limit = sharedRateLimit({
      url,
      key: 'exchange-sim:account',
      ratePerSecond,
      burst: 5,
      maxWaitMs: options.requestTimeoutMs,
    });
    log(`fleet: history, breakers and an account budget of ${ratePerSecond}/s shared in Redis ${url}`);
    await mkdir(options.dataDir, { recursive: true }); // the order journal's (a file store made it before)
  } else {
    const files = await fileStore({ dir: options.dataDir, retention: { maxRecords: 100_000 } });
    for (const warning of files.warnings) log(`history: ${warning.message}`);
    store = files;
  }
  store = namedStore(store, name);
  const storedBefore = await store.count();
  const handler = new ErrorHandler(config, { clock, store });
  // A fleet's breakers are one per name across the bots: one bot seeing the exchange fail opens them all.
  const fleetBreakers: SharedBreakers | undefined = options.redis
    ? sharedBreakers({ url: options.redis.url, registry: handler.breakers, clock })
    : undefined;
  let journal: OrderJournal;
  try {
    // In the store's directory, under its lock: one bot per journal.
    journal = await OrderJournal.open(options.dataDir);
  } catch (error) {
    await fleetBreakers?.close();
    await handler.close();
    await limit?.close();
    await sim?.close();
    throw error;
  }
  const restored = {
    ...(await handler.restore()),
    unconfirmedOrders: journal.entries().map((e) => e.request.clientOrderId),
  };
  // Every kind of chaos exists, off unless BOT_CHAOS asked for it: the devtools panel switches them.
  const chaos = chaosFetch(options.chaos ?? {}, clock, undefined, { switchable: true });
  let devtools: DevtoolsServer;
  try {
    // `/metrics` for Prometheus, behind the same token as the panel.
    devtools = await startDevtoolsServer(handler, {
      port: options.devtoolsPort,
      fallbackToFreePort: options.devtoolsPortFallback ?? false,
      ...(options.devtoolsToken === undefined ? {} : { token: options.devtoolsToken }),
      metrics: true,
      feed: { process: name, chaos: chaos.policies },
      ...(options.devtoolsFleetOrigins ? { fleetOrigins: options.devtoolsFleetOrigins } : {}),
    });
    if (devtools.port !== options.devtoolsPort && options.devtoolsPort !== 0) {
      log(`devtools port ${options.devtoolsPort} is taken (another bot?): listening on ${devtools.port} instead`);
    }
  } catch (error) {
    await fleetBreakers?.close();
    await handler.close();
    await limit?.close();
    await sim?.close();
    throw error;
  }

  const transitions: Record<string, number> = {};
  const modeChanges = { toPaper: 0, toLive: 0 };
  handler.subscribe((event) => {
    if (event.type === 'breaker.state') {
      const key = `${event.name}: ${event.from}->${event.to}`;
      transitions[key] = (transitions[key] ?? 0) + 1;
    }
    if (event.type === 'mode.changed') modeChanges[event.to === 'paper' ? 'toPaper' : 'toLive']++;
    const line = describeEvent(event);
    if (line) log(line);
  });

  const shutdown = new AbortController();
  const runId = clock.now().toString(36);
  const injecting = chaos.policies.filter((p) => p.enabled);
  if (injecting.length > 0)
    log(`chaos: ${injecting.map((p) => `${p.name} ${Math.round(p.rate * 100)}%`).join(', ')} of requests`);
  const fetch: typeof chaos.fetch = limit ? (url, init) => limit.execute(() => chaos.fetch(url, init)) : chaos.fetch;
  const client = new ExchangeClient(exchangeUrl, { timeoutMs: options.requestTimeoutMs, fetch });
  const bot = new TradingBot(client, handler, { runId, signal: shutdown.signal, journal });
  if (bot.carriedOver > 0)
    log(`${bot.carriedOver} orders sent by an earlier run were never confirmed: reconciling them before trading`);
  const started = clock.now();
  let ticks = 0;
  let failedTicks = 0;
  let calmStreak = 0;

  const reconcile = async (): Promise<void> => {
    try {
      for (const line of await bot.reconcile()) log(line);
    } catch (error) {
      if (!shutdown.signal.aborted)
        log(`reconcile postponed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const apiBreaker = () => (handler.breakers.has('kraken-api') ? handler.breakers.get('kraken-api').state : 'CLOSED');

  const loop = async (): Promise<void> => {
    while (!shutdown.signal.aborted && (options.durationMs === 0 || clock.now() - started < options.durationMs)) {
      const paper = handler.mode === 'paper';
      // Orders an earlier run sent and never heard back about decide the position: settle them before trading
      // live (the breaker paces the asking). Paper trading sends no orders, so it goes on meanwhile, and with it
      // the calm ticks that lead back to live.
      if (bot.carriedOver > 0 && handler.mode === 'live') await reconcile();
      if (bot.carriedOver > 0 && handler.mode === 'live') {
        log(`waiting to reconcile ${bot.carriedOver} orders of an earlier run before trading`);
      } else {
        try {
          const { line, calm } = await bot.tick();
          ticks++;
          calmStreak = calm ? calmStreak + 1 : 0;
          log(`${paper ? '(paper) ' : ''}${line}`);
        } catch (error) {
          if (shutdown.signal.aborted) break; // a retry wait cut short by stop(): not a failure of the tick
          failedTicks++;
          calmStreak = 0;
          log(`tick failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      }
      // The way back from paper trading: the exchange answered calmly for a while and its breaker is CLOSED —
      // unless an operator chose paper (the panel): that holds until they release it.
      const breaker = apiBreaker();
      if (
        handler.mode === 'paper' &&
        !handler.modeHeld &&
        calmStreak >= options.liveAfterTicks &&
        breaker === 'CLOSED'
      ) {
        handler.setMode('live', `exchange calm for ${calmStreak} ticks, breaker kraken-api CLOSED`);
      }
      // Orders whose answer never came are settled before the strategy acts on its position again.
      if (handler.mode === 'live' && breaker === 'CLOSED' && bot.unconfirmed > 0) await reconcile();
      try {
        await clock.sleep(options.tickMs, shutdown.signal);
      } catch {
        break; // stopped while waiting for the next tick
      }
    }
  };

  const finished = (async (): Promise<BotSummary> => {
    try {
      await loop();
    } finally {
      shutdown.abort();
      await devtools.close();
      await fleetBreakers?.close();
      await handler.close(); // flushes history and breaker state to disk (or Redis)
      await limit?.close();
    }
    const stats = handler.stats();
    const summary: BotSummary = {
      process: name,
      ticks,
      failedTicks,
      totalErrors: stats.totalErrors,
      storedBefore,
      storage: stats.storage,
      errorCounts: stats.errorCounts,
      recoveryStats: stats.recoveryStats,
      breakers: stats.circuitBreakerStates,
      breakerTransitions: transitions,
      modeChanges,
      mode: stats.mode,
      orders: bot.orderCounts,
    };
    if (sim) {
      const { requests, ordersAccepted, duplicateOrderAttempts, faults } = sim.stats();
      const ids = sim.orders().map((o) => o.clientOrderId);
      summary.exchange = {
        requests,
        ordersAccepted,
        duplicateOrderAttempts,
        faults,
        clientOrderIdsSeenTwice: ids.length - new Set(ids).size,
      };
      await sim.close();
    }
    return summary;
  })();

  return {
    handler,
    bot,
    sim,
    exchangeUrl,
    devtoolsUrl: devtools.url,
    metricsUrl: `${new URL(devtools.url).origin}/metrics`,
    restored,
    finished,
    stop() {
      shutdown.abort();
      return finished;
    },
  };
}
