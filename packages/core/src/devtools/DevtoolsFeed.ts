import type { CircuitBreaker } from '../breaker/CircuitBreaker.ts';
import type { ChaosPolicy } from '../chaos/ChaosPolicy.ts';
import { optionError, positiveInt, positiveNumber } from '../errors/options.ts';
import { EventStream, type Subscribable, type Unsubscribe } from '../events/EventStream.ts';
import type { ErrorHandler } from '../handler/ErrorHandler.ts';
import { approximateJsonBytes } from './approximateJsonBytes.ts';
import {
  DEVTOOLS_PROTOCOL_VERSION,
  type DevtoolsBatch,
  type DevtoolsBreaker,
  type DevtoolsChaos,
  type DevtoolsCommand,
  type DevtoolsSnapshot,
} from './DevtoolsMessage.ts';
import { FeedQueue } from './FeedQueue.ts';
import { summariseConfig } from './summariseConfig.ts';

export interface DevtoolsFeedOptions {
  /** How often batches go out (the eye needs a few per second). Default 250. */
  intervalMs?: number;
  /** Events held between batches at most; past it the oldest are dropped and counted. Default 5000. */
  maxQueue?: number;
  /**
   * Bytes (JSON, estimated) held between batches at most; past it the oldest events are dropped and counted.
   * Also bounds a batch's size. Default 2 MiB (half the devtools server's per-connection backlog).
   */
  maxQueueBytes?: number;
  /** Errors in a snapshot's history, and transitions (with mode switches) in its `transitions`. Default 200. */
  historyLimit?: number;
  /** Names the process in every snapshot (`bot-1`), for a panel watching several. 1 to 100 characters. */
  process?: string;
  /**
   * Fault-injection policies (`@breakwater/core/chaos`) the panel may switch on and off. Listed in every message
   * with their rate, state and hits; names must differ.
   */
  chaos?: readonly ChaosPolicy[];
}

const MAX_PROCESS_NAME = 100;

/**
 * The handler as the devtools see it: a snapshot, then coalesced batches of its events, a few per second.
 * Bursts stay cheap: events wait in one queue between batches, bounded by count and bytes on every push (drops
 * are counted, never block the handler; a batch after drops carries every breaker), and nothing is subscribed
 * to the handler while nobody watches the feed. Every transport (in-page, BroadcastChannel, Server-Sent
 * Events) is a listener of one feed.
 */
export class DevtoolsFeed implements Subscribable<DevtoolsBatch> {
  readonly handler: ErrorHandler;
  readonly #intervalMs: number;
  readonly #historyLimit: number;
  readonly #process: string | undefined;
  readonly #chaos: ReadonlyMap<string, ChaosPolicy>;
  /** A chaos policy was switched: the next batch goes out even without events. */
  #chaosChanged = false;
  readonly #batches: EventStream<DevtoolsBatch>;
  readonly #queue: FeedQueue;
  #dropped = 0;
  #seq = 0;
  #stop: Unsubscribe | undefined;
  #timer: AbortController | undefined;

  constructor(handler: ErrorHandler, options: DevtoolsFeedOptions = {}) {
    this.handler = handler;
    this.#intervalMs = positiveNumber('DevtoolsFeed', 'intervalMs', options.intervalMs ?? 250);
    this.#queue = new FeedQueue(
      positiveInt('DevtoolsFeed', 'maxQueue', options.maxQueue ?? 5000),
      positiveInt('DevtoolsFeed', 'maxQueueBytes', options.maxQueueBytes ?? 2 * 1024 * 1024),
    );
    this.#historyLimit = positiveInt('DevtoolsFeed', 'historyLimit', options.historyLimit ?? 200);
    const name = options.process;
    if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > MAX_PROCESS_NAME)) {
      throw optionError('DevtoolsFeed', 'process', `a name of 1 to ${MAX_PROCESS_NAME} characters`, name);
    }
    this.#process = name;
    const chaos = new Map<string, ChaosPolicy>();
    for (const [i, policy] of (options.chaos ?? []).entries()) {
      if (typeof policy !== 'function' || typeof (policy as { enabled?: unknown }).enabled !== 'boolean')
        throw optionError('DevtoolsFeed', `chaos[${i}]`, 'a chaos policy', policy);
      if (chaos.has(policy.name))
        throw optionError('DevtoolsFeed', `chaos[${i}].name`, 'unique among the chaos policies', policy.name);
      chaos.set(policy.name, policy);
    }
    this.#chaos = chaos;
    this.#batches = new EventStream<DevtoolsBatch>({ onActive: () => this.#start(), onIdle: () => this.#halt() });
  }

  /** Sequence number of the last batch sent. */
  get seq(): number {
    return this.#seq;
  }

  /** What waits for the next batch now: events, and their estimated JSON bytes. */
  get queued(): { events: number; bytes: number } {
    return { events: this.#queue.length, bytes: this.#queue.bytes };
  }

  subscribe(listener: (batch: DevtoolsBatch) => void): Unsubscribe {
    return this.#batches.subscribe(listener);
  }

  /**
   * The whole picture now. Events still waiting for a batch go out first (to current listeners), so a new
   * listener that starts from this snapshot never receives in a batch what the snapshot already shows.
   */
  snapshot(): DevtoolsSnapshot {
    this.flush();
    const handler = this.handler;
    const history = handler.history();
    const transitions = handler.recentEvents();
    return {
      type: 'snapshot',
      version: DEVTOOLS_PROTOCOL_VERSION,
      ...(this.#process === undefined ? {} : { process: this.#process }),
      seq: this.#seq,
      at: handler.clock.now(),
      breakers: handler.breakers.all().map(describeBreaker),
      stats: handler.stats(),
      history: history.slice(Math.max(0, history.length - this.#historyLimit)),
      mode: handler.mode,
      modeHeld: handler.modeHeld,
      transitions: transitions.slice(Math.max(0, transitions.length - this.#historyLimit)),
      config: summariseConfig(handler.config, handler.recoveryActions),
      ...this.#chaosList(),
    };
  }

  /** Carries out a panel's command; throws a RangeError naming an unknown breaker. */
  execute(command: DevtoolsCommand): void {
    switch (command.type) {
      case 'breaker.reset':
        this.#breaker(command.name).reset();
        return;
      case 'breaker.isolate': {
        const breaker = this.#breaker(command.name);
        const wasOpen = breaker.state === 'OPEN';
        breaker.isolate();
        // Isolating an OPEN breaker is no transition (no event, so no save of its snapshot): save it now, so a
        // restart still finds it held open. A failing store reports through the handler's own events.
        if (wasOpen) this.handler.flush().catch(() => undefined);
        return;
      }
      case 'mode.set':
        this.handler.setMode(command.mode, 'devtools', { manual: true });
        return;
      case 'mode.release':
        this.handler.releaseMode('devtools');
        return;
      case 'chaos.set': {
        const policy = this.#chaos.get(command.name);
        if (!policy) throw new RangeError(`DevtoolsFeed: no chaos policy named ${JSON.stringify(command.name)}`);
        policy.enabled = command.enabled;
        this.#chaosChanged = true;
        if (this.#stop) this.#arm();
        return;
      }
    }
  }

  /** Sends what is queued now (tests, and transports that want to close cleanly). */
  flush(): void {
    if (this.#queue.length === 0 && this.#dropped === 0 && !this.#chaosChanged) return;
    this.#chaosChanged = false;
    const events = this.#queue.drain();
    const dropped = this.#dropped;
    this.#dropped = 0;
    const breakers: DevtoolsBreaker[] = [];
    if (dropped > 0) {
      // Dropped events may have changed any breaker: send them all, so the panel shows no state that is gone.
      for (const breaker of this.handler.breakers.all()) breakers.push(describeBreaker(breaker));
    } else {
      const names = new Set<string>();
      for (const event of events) if ('name' in event && event.type.startsWith('breaker.')) names.add(event.name);
      for (const name of names)
        if (this.handler.breakers.has(name)) breakers.push(describeBreaker(this.handler.breakers.get(name)));
    }
    this.#batches.emit({
      type: 'batch',
      version: DEVTOOLS_PROTOCOL_VERSION,
      seq: ++this.#seq,
      at: this.handler.clock.now(),
      events,
      dropped,
      breakers,
      stats: this.handler.stats(),
      ...this.#chaosList(),
    });
  }

  #chaosList(): { chaos?: DevtoolsChaos[] } {
    if (this.#chaos.size === 0) return {};
    return {
      chaos: [...this.#chaos.values()].map((p) => ({
        name: p.name,
        kind: p.kind,
        rate: p.rate,
        enabled: p.enabled,
        injected: p.injected,
      })),
    };
  }

  #breaker(name: string): CircuitBreaker {
    if (!this.handler.breakers.has(name))
      throw new RangeError(`DevtoolsFeed: no circuit breaker named ${JSON.stringify(name)}`);
    return this.handler.breakers.get(name);
  }

  #start(): void {
    this.#stop = this.handler.subscribe((event) => {
      this.#dropped += this.#queue.push(event, approximateJsonBytes(event));
      this.#arm();
    });
  }

  #halt(): void {
    this.#stop?.();
    this.#stop = undefined;
    this.#timer?.abort();
    this.#timer = undefined;
    this.#queue.clear();
    this.#dropped = 0;
  }

  /** One timer per batch, armed by the first event after a quiet spell: an idle feed costs nothing. */
  #arm(): void {
    if (this.#timer) return;
    const timer = new AbortController();
    this.#timer = timer;
    this.handler.clock.sleep(this.#intervalMs, timer.signal).then(
      () => {
        this.#timer = undefined;
        this.flush();
      },
      () => undefined,
    );
  }
}

export function describeBreaker(breaker: CircuitBreaker): DevtoolsBreaker {
  const stats = breaker.stats();
  const isolated = breaker.isolated;
  return {
    ...stats,
    isolated,
    retryAfterMs: stats.state === 'OPEN' && !isolated ? (breaker.retryAfterMs ?? null) : null,
  };
}
