import { createClient } from 'redis';

/**
 * What Breakwater needs from a Redis client: raw commands with per-call options. A node-redis client
 * (`createClient()`, any RESP version or modules) fits; so does a thin adapter over another client.
 */
export interface RedisCommandSender {
  sendCommand(args: readonly string[], options?: { timeout?: number; rejectInFlight?: boolean }): Promise<unknown>;
}

/** Either a client the caller owns (and connects, and closes) or a URL Breakwater connects to itself. */
export interface RedisTarget {
  client?: RedisCommandSender;
  url?: string;
}

export const DEFAULT_REDIS_TIMEOUT_MS = 250;

/** A command sender plus how to release it: `close()` quits only a client Breakwater created. */
export interface RedisLink {
  readonly sender: RedisCommandSender;
  close(): Promise<void>;
}

/**
 * Opens the link for a factory's options. A client made from `url` reconnects by itself (every 100 ms at most,
 * forever) and queues commands while offline; each command's own timeout keeps callers from waiting on that.
 * Its `error` events are expected while Redis is away and must not crash the process, so they are swallowed
 * here: the failed commands report them.
 */
export function openRedisLink(where: string, target: RedisTarget): RedisLink {
  if (target.client && target.url !== undefined) throw new RangeError(`${where}: give client or url, not both`);
  if (target.client) {
    if (typeof target.client.sendCommand !== 'function')
      throw new RangeError(`${where}: client must be a node-redis client (no sendCommand)`);
    return { sender: target.client, close: async () => undefined };
  }
  if (typeof target.url !== 'string' || !/^rediss?:\/\//.test(target.url)) {
    throw new RangeError(`${where}: url must be a redis:// or rediss:// URL, got ${JSON.stringify(target.url)}`);
  }
  const client = createClient({
    url: target.url,
    socket: { reconnectStrategy: (retries) => Math.min(10 + retries * 20, 100) },
  });
  client.on('error', () => undefined);
  void client.connect().catch(() => undefined); // rejects only when destroyed while still connecting
  return {
    sender: client as unknown as RedisCommandSender,
    async close() {
      // A client still reconnecting would wait for Redis to come back: dropped instead (its queue rejects).
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}

/**
 * Sends one command with a deadline: node-redis rejects it after `timeoutMs`, whether it still waits to be
 * sent (then it is never sent) or waits for its reply (then it may have run: callers make writes idempotent).
 * The timer here is a guard for clients that ignore the option.
 */
export function sendWithin(sender: RedisCommandSender, timeoutMs: number, args: readonly string[]): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(timeoutMs, args[0]!)), timeoutMs + 50);
  });
  return Promise.race([sender.sendCommand(args, { timeout: timeoutMs, rejectInFlight: true }), guard]).finally(() =>
    clearTimeout(timer),
  );
}

/** A Redis command took longer than its timeout (raised by the guard in `sendWithin`). */
export class RedisTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number, command: string) {
    super(`Redis ${command} did not answer within ${timeoutMs} ms`);
  }
}
