import { systemClock, type Clock } from '@breakwater/core';
import type { Balances } from './client/ExchangeTypes.ts';
import { isLoopbackName as isLoopbackHost } from './http/isLoopbackHost.ts';
import { parseScenario } from './scenario/parseScenario.ts';
import type { Scenario, ScenarioInput } from './scenario/scenarioSchema.ts';
import { describeValue } from './scenario/scenarioSchema.ts';

export interface ExchangeSimOptions {
  /** TCP port; 0 (the default) picks a free one: read it from `sim.port` / `sim.url`. */
  port?: number;
  /** Where to listen. Default `127.0.0.1`; only loopback addresses (and `localhost`) are accepted. */
  host?: string;
  /** Seeds the fault rolls and the price walk. Default: a random seed, readable from `sim.seed`. */
  seed?: number;
  /** The fault mix (see `ScenarioInput`); checked like a scenario file. Default: no faults. */
  scenario?: ScenarioInput;
  /** Time of prices, orders, phases and maintenance windows. Default `systemClock()`. Delays run on real timers. */
  clock?: Clock;
  /** A built web app served at `/`, on the API's own origin. */
  staticDir?: string;
  /** Default `{ USD: 100000, BTC: 1, ETH: 10 }`. */
  initialBalances?: Balances;
  /** Symbol → starting price. Default `{ 'BTC/USD': 42000, 'ETH/USD': 2500 }`. */
  symbols?: Record<string, number>;
  /** Move prices one step per this many ms of clock time. Default: one step per market-data request. */
  priceStepMs?: number;
  /** Largest relative price move per step. Default 0.001. */
  volatility?: number;
}

export interface ResolvedSimOptions {
  port: number;
  host: string;
  seed: number;
  scenario: Scenario;
  clock: Clock;
  staticDir: string | undefined;
  initialBalances: Balances;
  symbols: Record<string, number>;
  priceStepMs: number | undefined;
  volatility: number;
}

const where = 'startExchangeSim';

function optionError(option: string, expected: string, value: unknown): RangeError {
  return new RangeError(`${where}: ${option} must be ${expected}, got ${describeValue(value)}`);
}

const isPositive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** Defaults in one place; every option checked here with a message naming it and what it got. */
export function resolveSimOptions(options: ExchangeSimOptions): ResolvedSimOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw optionError('port', 'an integer from 0 to 65535', port);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || !isLoopbackHost(host)) {
    throw optionError(
      'host',
      'a loopback address (127.0.0.1, ::1, localhost): the simulator never listens beyond this machine',
      host,
    );
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw optionError('seed', 'a finite number', seed);
  const symbols = options.symbols ?? { 'BTC/USD': 42_000, 'ETH/USD': 2_500 };
  const symbolNames = Object.keys(symbols);
  if (symbolNames.length === 0) throw optionError('symbols', 'at least one symbol', symbols);
  for (const [symbol, price] of Object.entries(symbols)) {
    if (!/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)) throw optionError('symbols', 'keyed BASE/QUOTE (like BTC/USD)', symbol);
    if (!isPositive(price)) throw optionError(`symbols["${symbol}"]`, 'a price > 0', price);
  }
  const initialBalances = options.initialBalances ?? { USD: 100_000, BTC: 1, ETH: 10 };
  for (const [currency, amount] of Object.entries(initialBalances)) {
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
      throw optionError(`initialBalances.${currency}`, 'a number >= 0', amount);
  }
  // Every currency of every symbol has a balance, if only 0.
  const balances: Balances = {};
  for (const symbol of symbolNames) for (const currency of symbol.split('/')) balances[currency] = 0;
  Object.assign(balances, initialBalances);
  const priceStepMs = options.priceStepMs;
  if (priceStepMs !== undefined && !isPositive(priceStepMs))
    throw optionError('priceStepMs', 'a number of ms > 0', priceStepMs);
  const volatility = options.volatility ?? 0.001;
  if (!isPositive(volatility) || volatility >= 1) throw optionError('volatility', 'a number in (0, 1)', volatility);
  const staticDir = options.staticDir;
  if (staticDir !== undefined && (typeof staticDir !== 'string' || staticDir === ''))
    throw optionError('staticDir', 'a directory path', staticDir);
  return {
    port,
    host,
    seed,
    scenario: parseScenario(options.scenario ?? {}, { source: 'options.scenario' }),
    clock: options.clock ?? systemClock(),
    staticDir,
    initialBalances: balances,
    symbols: { ...symbols },
    priceStepMs,
    volatility,
  };
}
