import { seededRandom } from '@breakwater/core/testing';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ExchangeApi } from './api/ExchangeApi.ts';
import type { Balances, Order } from './client/ExchangeTypes.ts';
import { resolveSimOptions, type ExchangeSimOptions } from './ExchangeSimOptions.ts';
import { RequestCounters, type ExchangeSimStats } from './ExchangeSimStats.ts';
import type { FaultKind } from './faults/FaultKind.ts';
import { FaultPlan, type OutageSettings } from './faults/FaultPlan.ts';
import { isLoopbackHostHeader } from './http/isLoopbackHost.ts';
import { sendError } from './http/replies.ts';
import { serveApi, type ApiContext } from './http/serveApi.ts';
import { listen, sendText, serveStaticFile } from '@breakwater/node/http';
import { Account } from './market/Account.ts';
import { Market } from './market/Market.ts';
import { parseScenario } from './scenario/parseScenario.ts';
import type { Scenario, ScenarioInput } from './scenario/scenarioSchema.ts';

export interface ExchangeSim {
  /** `http://127.0.0.1:<port>`: give it to `new ExchangeClient(url)`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The seed in use (given or drawn): pass it back to replay the same faults. */
  readonly seed: number;
  /** The scenario in force, defaults filled in. */
  readonly scenario: Scenario;
  /** Replaces the fault mix; checked like a file (throws `ScenarioError`). Phases and windows start over now. */
  setScenario(scenario: ScenarioInput): void;
  /**
   * Forces one fault kind on every request it can strike (`'maintenance'`: 503 everywhere; `'nonce'`: every
   * private endpoint), with the scenario's settings for it and `settings` over them, until `setOutage(null)`.
   */
  setOutage<K extends FaultKind>(kind: K | null, settings?: OutageSettings<K>): void;
  stats(): ExchangeSimStats;
  /** Every order the exchange stored (open, filled, canceled), oldest first. */
  orders(): Order[];
  balances(): Balances;
  /** Drops every connection (held requests included) and stops listening; leaves no timers or sockets. */
  close(): Promise<void>;
}

/**
 * Starts the simulated exchange on loopback: JSON API under `/api`, faults by the scenario, and optionally a web
 * app from `staticDir` at `/`. Market and faults run on two random streams derived from `seed`.
 */
export async function startExchangeSim(options: ExchangeSimOptions = {}): Promise<ExchangeSim> {
  const settings = resolveSimOptions(options);
  const { clock, seed } = settings;
  const market = new Market({
    symbols: settings.symbols,
    random: seededRandom((seed ^ 0x5bd1e995) >>> 0),
    clock,
    volatility: settings.volatility,
    ...(settings.priceStepMs === undefined ? {} : { stepMs: settings.priceStepMs }),
  });
  const account = new Account(settings.initialBalances, clock);
  const plan = new FaultPlan(settings.scenario, clock, seededRandom(seed));
  const counters = new RequestCounters();
  const ctx: ApiContext = { api: new ExchangeApi(market, account), plan, counters, inFlight: new Set() };

  const server = createServer((req, res) => {
    route(req, res, ctx, settings.staticDir).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else
        sendError(
          res,
          500,
          'ExchangeNotAvailable',
          `internal error: ${error instanceof Error ? error.message : String(error)}`,
        );
    });
  });
  const port = await listen(server, settings.port, settings.host);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
    port,
    host: settings.host,
    seed,
    get scenario() {
      return plan.scenario;
    },
    setScenario: (scenario) => plan.setScenario(parseScenario(scenario, { source: 'setScenario' })),
    setOutage: (kind, outage) => plan.setOutage(kind, outage),
    stats: () => ({
      requests: counters.requests,
      byEndpoint: { ...counters.byEndpoint },
      faults: { ...counters.faults },
      ordersAccepted: account.accepted,
      duplicateOrderAttempts: account.duplicateAttempts,
      phase: plan.phase()?.name,
      outage: plan.outage,
      maintenanceWindow: plan.inMaintenanceWindow(),
    }),
    orders: () => account.all(),
    balances: () => account.balances(),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        for (const request of ctx.inFlight) request.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and held connections would keep `close` waiting.
        server.closeAllConnections();
      })),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiContext,
  staticDir: string | undefined,
): Promise<void> {
  if (!isLoopbackHostHeader(req.headers.host))
    return sendText(res, 421, 'This exchange answers only to loopback host names.\n');
  // Split by hand: `new URL('//x/y', base)` would read `x` as a host.
  const raw = req.url ?? '/';
  const mark = raw.indexOf('?');
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1));
  if (path === '/api' || path.startsWith('/api/')) return serveApi(req, res, path, query, ctx);
  if (staticDir !== undefined && path.startsWith('/')) return serveStaticFile(req, res, path, staticDir);
  sendText(res, 404, 'Not found. The exchange API is under /api.\n');
}
