import { randomUUID } from 'node:crypto';
import {
  EventStream,
  systemClock,
  type BreakerRegistry,
  type CircuitBreaker,
  type Clock,
  type Unsubscribe,
} from '@breakwater/core';
import { createClient } from 'redis';
import { FleetBreaker, type FleetLink, type FleetState } from './FleetBreaker.ts';
import { DEFAULT_REDIS_TIMEOUT_MS, openRedisLink, type RedisTarget } from './RedisConnection.ts';
import { keyName, optionError, positiveNumber } from './redisOptions.ts';
import type { SharedBreakersEvent } from './SharedBreakersEvent.ts';

export interface SharedBreakersOptions extends RedisTarget {
  /** The breakers to share: every breaker of this registry, now and later (`handler.breakers`). */
  registry: BreakerRegistry;
  /** Breakers of the same name and prefix are one: keys `<prefix>:breaker:<name>…`. Default `breakwater`. */
  keyPrefix?: string;
  /** Longest any command waits on Redis. Default 250 ms. */
  timeoutMs?: number;
  /** How often batched successes are sent, and Redis is tried again after trouble. Default 1000 ms. */
  syncIntervalMs?: number;
  /** Time for scripts and the sync loop; use the breakers' clock. Default `systemClock()`. */
  clock?: Clock;
}

export interface SharedBreakersStats {
  /** False from the first Redis failure until Redis answers again and the breakers were reconciled. */
  available: boolean;
  breakers: number;
  /** Transitions this process wrote to Redis (its own, and trips of the shared counters). */
  published: number;
  /** Transitions of other processes received. */
  received: number;
  /** Redis commands that failed or timed out. */
  redisErrors: number;
}

export interface SharedBreakers {
  /** Resolves once the breakers took the fleet's state (or Redis failed to answer); never rejects. */
  readonly ready: Promise<void>;
  subscribe(listener: (event: SharedBreakersEvent) => void): Unsubscribe;
  stats(): SharedBreakersStats;
  /** Detaches from the breakers (they run on local rules again) and releases the connections made from `url`. */
  close(): Promise<void>;
}

interface Published extends FleetState {
  name: string;
  origin: string;
}

/**
 * Makes the breakers of a registry one breaker per name across every process on the same Redis and prefix:
 * a transition anywhere reaches all (pub/sub, and a key a late joiner reads), failures are counted fleet-wide,
 * and HALF_OPEN admits `halfOpenMaxCalls` trials across the fleet. Calls never wait on Redis; without it, each
 * process runs its breakers on their local rules and reconciles when Redis is back (the newer epoch wins).
 */
export function sharedBreakers(options: SharedBreakersOptions): SharedBreakers {
  const where = 'sharedBreakers';
  const registry = options?.registry;
  if (typeof registry?.onAdd !== 'function')
    throw optionError(where, 'registry', 'a BreakerRegistry (e.g. handler.breakers)', registry);
  const keyPrefix = keyName(where, 'keyPrefix', options.keyPrefix ?? 'breakwater');
  const timeoutMs = positiveNumber(where, 'timeoutMs', options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
  const syncIntervalMs = positiveNumber(where, 'syncIntervalMs', options.syncIntervalMs ?? 1000);
  const clock = options.clock ?? systemClock();
  const subscriber = subscriberFor(where, options, (error) => fleetLink.trouble(error));
  const link = openRedisLink(where, options);
  const events = new EventStream<SharedBreakersEvent>();
  const fleet = new Map<string, FleetBreaker>();
  const counts = { published: 0, received: 0, redisErrors: 0 };
  let available = true;
  let closed = false;

  const fleetLink: FleetLink = {
    sender: link.sender,
    timeoutMs,
    clock,
    keyPrefix,
    channel: `${keyPrefix}:breaker-transitions`,
    origin: randomUUID(),
    available: () => available && !closed,
    trouble(error) {
      counts.redisErrors++;
      // Reported once per outage: failures while reconciling are part of the same one.
      if (!available || closed) return;
      available = false;
      events.emit({ type: 'redis-unavailable', error });
    },
    published: () => void counts.published++,
  };

  const attach = (breaker: CircuitBreaker) => {
    const existing = fleet.get(breaker.name);
    if (existing?.breaker === breaker) return;
    existing?.detach(); // a breaker the registry replaced (rebuilt with new settings)
    const member = new FleetBreaker(breaker, fleetLink);
    fleet.set(breaker.name, member);
    if (fleetLink.available()) member.sync().catch(fleetLink.trouble);
  };
  const stopAdding = registry.onAdd(attach);

  const onMessage = (message: string) => {
    let published: Published;
    try {
      published = JSON.parse(message) as Published;
    } catch {
      return; // not ours
    }
    if (published.origin === fleetLink.origin) return;
    const member = fleet.get(published.name);
    if (!member) return;
    counts.received++;
    member.adopt({ ...published, openedAt: published.openedAt ?? undefined });
  };

  /** Lets go of breakers the registry dropped (a handler drops idle component breakers), so names do not pile up. */
  const forgetRemoved = () => {
    const current = new Set(registry.all());
    for (const [name, member] of fleet) {
      if (current.has(member.breaker)) continue;
      member.detach();
      fleet.delete(name);
    }
  };

  /** Reconciles every breaker; true when Redis answered for all. */
  const syncAll = async (): Promise<boolean> => {
    const results = await Promise.allSettled([...fleet.values()].map((m) => m.sync()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) fleetLink.trouble(failure.reason);
    return failure === undefined;
  };

  const ready = (async () => {
    // Subscribed before the state is read, so no transition falls between the two.
    const subscribing = subscriber.connectAndSubscribe(fleetLink.channel, onMessage);
    await Promise.race([
      subscribing.catch(fleetLink.trouble),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    for (const breaker of registry.all()) attach(breaker);
    await Promise.all([...fleet.values()].map((m) => m.idle()));
  })();

  const stop = new AbortController();
  void (async () => {
    await ready;
    while (!closed) {
      try {
        await clock.sleep(syncIntervalMs, stop.signal);
      } catch {
        return; // closed
      }
      forgetRemoved();
      if (available) {
        for (const member of fleet.values()) member.flushSuccesses();
      } else if (subscriber.isReady()) {
        // Subscribed again (node-redis resubscribes before it is ready): what is read now, or published later,
        // reaches this process.
        // Back only once every breaker was reconciled: until then they keep their local rules.
        if (!(await syncAll()) || closed) continue;
        available = true;
        events.emit({ type: 'redis-restored', breakers: fleet.size });
        // Transitions made while the others were being reconciled.
        for (const member of fleet.values()) if (member.dirty) member.sync().catch(fleetLink.trouble);
      }
    }
  })();

  return {
    ready,
    subscribe: (listener) => events.subscribe(listener),
    stats: () => ({ available: fleetLink.available(), breakers: fleet.size, ...counts }),
    async close() {
      if (closed) return;
      await ready;
      stopAdding();
      await Promise.all([...fleet.values()].map((m) => m.idle()));
      closed = true;
      stop.abort();
      for (const member of fleet.values()) member.detach();
      await Promise.all([subscriber.close(), link.close()]);
    },
  };
}

interface Subscriber {
  connectAndSubscribe(channel: string, listener: (message: string) => void): Promise<void>;
  isReady(): boolean;
  close(): Promise<void>;
}

/**
 * Pub/sub needs a connection of its own: made from `url`, or duplicated from the `client` given (node-redis
 * `duplicate()`); node-redis subscribes it again after a reconnect.
 */
function subscriberFor(where: string, target: RedisTarget, trouble: (error: unknown) => void): Subscriber {
  let client: ReturnType<typeof createClient>;
  if (target.client) {
    const duplicate = (target.client as { duplicate?: () => typeof client }).duplicate;
    if (typeof duplicate !== 'function')
      throw new RangeError(`${where}: client must be a node-redis client (no duplicate() for pub/sub)`);
    client = duplicate.call(target.client);
  } else {
    if (typeof target.url !== 'string' || !/^rediss?:\/\//.test(target.url)) {
      throw new RangeError(`${where}: url must be a redis:// or rediss:// URL, got ${JSON.stringify(target.url)}`);
    }
    client = createClient({
      url: target.url,
      socket: { reconnectStrategy: (retries) => Math.min(10 + retries * 20, 100) },
    });
  }
  // Expected while Redis is away; a lost subscription means lost transitions, so it is trouble like a command's.
  client.on('error', trouble);
  return {
    async connectAndSubscribe(channel, listener) {
      void client.connect().catch(() => undefined); // rejects only when closed while connecting
      await client.subscribe(channel, listener);
    },
    isReady: () => client.isReady,
    async close() {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
