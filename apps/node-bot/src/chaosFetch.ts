import { compose, type Clock } from '@breakwater/core';
import { seededRandom } from '@breakwater/core/testing';
import { chaosFault, chaosLatency, chaosOutcome, type ChaosPolicy } from '@breakwater/core/chaos';
import type { FetchLike } from '@breakwater/exchange-sim/client';

/** Share of requests (0–1) hit by each kind of trouble, and the seed that picks them. */
export interface BotChaos {
  /** The connection is reset: fetch's own `TypeError: fetch failed` with `cause.code` ECONNRESET. */
  reset?: number;
  /** 100–800 ms more before the request goes out. */
  latency?: number;
  /** 503 `OnMaintenance`, as the exchange answers during a maintenance window. */
  maintenance?: number;
  /** 429 `RateLimitExceeded` with `Retry-After: 1`. */
  rateLimit?: number;
  seed?: number;
}

const KINDS = ['reset', 'latency', 'maintenance', 'rateLimit'] as const;

/** Reads `BOT_CHAOS`: `reset=0.2,latency=0.1,maintenance=0.05,rateLimit=0.05,seed=7`. */
export function parseChaos(text: string): BotChaos {
  const chaos: BotChaos = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value, extra] = part.split('=');
    const number = Number(value);
    if (extra !== undefined || value === undefined || value.trim() === '' || !Number.isFinite(number)) {
      throw new RangeError(`BOT_CHAOS: "${part}" is not name=number`);
    }
    if (key === 'seed') {
      if (!Number.isInteger(number)) throw new RangeError(`BOT_CHAOS: seed must be an integer, got ${value}`);
      chaos.seed = number;
    } else if ((KINDS as readonly string[]).includes(key!)) {
      if (number < 0 || number > 1)
        throw new RangeError(`BOT_CHAOS: ${key} must be a share of requests in [0, 1], got ${value}`);
      chaos[key as (typeof KINDS)[number]] = number;
    } else {
      throw new RangeError(`BOT_CHAOS: unknown kind "${key}" (known: ${KINDS.join(', ')}, seed)`);
    }
  }
  return chaos;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * Wraps `fetch` in Breakwater's chaos policies, so the bot meets trouble on a calm exchange: the client turns
 * these into exactly what it throws for the real thing, and the handler classifies them from structure.
 */
/** Rates of the policies made switched off for the devtools panel (`switchable`), when BOT_CHAOS names none. */
const PANEL_RATES = { latency: 0.2, reset: 0.2, maintenance: 0.1, rateLimit: 0.1 } as const;

export function chaosFetch(
  chaos: BotChaos,
  clock: Clock,
  inner: FetchLike = (url, init) => globalThis.fetch(url, init),
  options: { switchable?: boolean } = {},
): { fetch: FetchLike; policies: ChaosPolicy[] } {
  const random = seededRandom(chaos.seed ?? 1);
  const policies: ChaosPolicy[] = [];
  // With `switchable`, every kind is made — the ones BOT_CHAOS did not ask for switched off — so the devtools
  // panel can turn them on while the bot runs.
  const made = (rate: number | undefined) =>
    rate ? { rate, enabled: true } : options.switchable ? { enabled: false } : undefined;
  const latency = made(chaos.latency);
  if (latency)
    policies.push(
      chaosLatency({ name: 'latency', rate: PANEL_RATES.latency, ...latency, ms: 100, maxMs: 800, clock, random }),
    );
  const reset = made(chaos.reset);
  if (reset) {
    const fault = () =>
      new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    policies.push(chaosFault({ name: 'reset', rate: PANEL_RATES.reset, ...reset, fault, random }));
  }
  const maintenance = made(chaos.maintenance);
  if (maintenance) {
    const outcome = () => json(503, { error: 'OnMaintenance', message: 'chaos: exchange under maintenance' });
    policies.push(
      chaosOutcome({ name: 'maintenance', rate: PANEL_RATES.maintenance, ...maintenance, outcome, random }),
    );
  }
  const rateLimit = made(chaos.rateLimit);
  if (rateLimit) {
    const outcome = () =>
      json(429, { error: 'RateLimitExceeded', message: 'chaos: too many requests' }, { 'retry-after': '1' });
    policies.push(chaosOutcome({ name: 'rateLimit', rate: PANEL_RATES.rateLimit, ...rateLimit, outcome, random }));
  }
  if (policies.length === 0) return { fetch: inner, policies };
  const policy = compose(...policies);
  // The request's own signal reaches the policies: a timeout ends an injected delay too.
  return {
    fetch: (url, init) => policy.execute(() => inner(url, init), { signal: init.signal ?? undefined }),
    policies,
  };
}
