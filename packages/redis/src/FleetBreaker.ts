import type {
  BreakerCoordinator,
  BreakerStateEvent,
  CircuitBreaker,
  CircuitState,
  Clock,
  TransitionReason,
  Unsubscribe,
} from '@breakwater/core';
import { outcomesScript, publishScript, trialScript } from './breakerScripts.ts';
import { runScript, type LuaScript } from './LuaScript.ts';
import type { RedisCommandSender } from './RedisConnection.ts';

/** What every breaker of one `sharedBreakers` shares: the connection, the channel, and its Redis health. */
export interface FleetLink {
  readonly sender: RedisCommandSender;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly keyPrefix: string;
  readonly channel: string;
  /** This process's id in published transitions (a process ignores its own). */
  readonly origin: string;
  available(): boolean;
  /** A Redis command failed or timed out. */
  trouble(error: unknown): void;
  published(): void;
}

/** A breaker's state as Redis holds it (a script's answer, or a published transition). */
export interface FleetState {
  state: CircuitState;
  openedAt: number | undefined;
  isolated: boolean;
  epoch: number;
  reason: TransitionReason;
}

/**
 * One breaker's link to the fleet: publishes its own transitions, takes the fleet's (through
 * `applyRemoteState`), reports its CLOSED failures and batched successes to the shared counters, and asks
 * Redis for HALF_OPEN trial slots. The success path of a CLOSED breaker never reaches this object.
 */
export class FleetBreaker implements BreakerCoordinator {
  readonly breaker: CircuitBreaker;
  readonly #link: FleetLink;
  readonly #keys: string[];
  /** 5 arguments per shared strategy (see outcomesScript); empty when no strategy is shared. */
  readonly #specs: string[];
  /** The epoch of the fleet state this breaker's state is based on. */
  #epoch = 0;
  /** A local transition Redis has not taken (it was away): published when it answers again. */
  #dirty = false;
  #lastReason: TransitionReason = 'reset';
  /** Trial slots granted to this process in the current HALF_OPEN period. */
  #trials = 0;
  #claiming = false;
  /** The epoch whose HALF_OPEN period refused this process a slot: none come back, so no more asking. */
  #refusedAt = -1;
  /** `successfulRequests` when successes were last reported. */
  #reported: number;
  /** Commands of this breaker go out one after another, each based on the epoch the previous one left. */
  #queue: Promise<void> = Promise.resolve();
  readonly #detach: Unsubscribe[];

  constructor(breaker: CircuitBreaker, link: FleetLink) {
    this.breaker = breaker;
    this.#link = link;
    const base = `${link.keyPrefix}:breaker:${breaker.name}`;
    this.#specs = sharedSpecs(breaker);
    this.#keys = [base, ...Array.from({ length: this.#specs.length / 5 }, (_, i) => `${base}:count:${i}`)];
    this.#reported = breaker.stats().successfulRequests;
    this.#detach = [breaker.coordinate(this), breaker.onStateChange((event) => this.#onTransition(event))];
  }

  /** A local transition Redis has not taken yet. */
  get dirty(): boolean {
    return this.#dirty;
  }

  detach(): void {
    for (const stop of this.#detach) stop();
  }

  /** Resolves once every command sent so far has been answered (or timed out). */
  idle(): Promise<void> {
    return this.#queue;
  }

  failed(at: number): void {
    if (!this.#link.available() || this.#specs.length === 0) return;
    const successes = this.#takeSuccesses();
    void this.#enqueue(() => this.#outcomes(at, successes, 1)); // never rejects: failures go to trouble()
  }

  /** Sends the successes counted since the last report (the sync loop calls it; nothing on the call path). */
  flushSuccesses(): void {
    if (!this.#link.available() || this.#specs.length === 0 || this.breaker.state !== 'CLOSED') return;
    const successes = this.#takeSuccesses();
    if (successes > 0) void this.#enqueue(() => this.#outcomes(this.#link.clock.now(), successes, 0));
  }

  trialWanted(): boolean {
    if (!this.#link.available()) return true; // Redis away: this breaker's own rule
    if (this.#claiming || this.#refusedAt === this.#epoch) return false;
    this.#claiming = true;
    const { clock, origin, channel } = this.#link;
    const args = [
      String(clock.now()),
      String(this.breaker.recoveryTimeoutMs),
      String(this.breaker.halfOpenMaxCalls),
      origin,
      channel,
      this.breaker.name,
    ];
    void this.#enqueue(async () => {
      try {
        const reply = await this.#run(trialScript, [this.#keys[0]!], args);
        if (reply.granted) {
          if (reply.state.epoch !== this.#epoch) this.#trials = 0;
          this.#epoch = reply.state.epoch;
          this.#trials++;
          this.breaker.applyRemoteState({
            state: 'HALF_OPEN',
            reason: 'recovery-timeout',
            openedAt: reply.state.openedAt,
            trials: this.#trials,
          });
        } else {
          this.adopt(reply.state);
          if (reply.state.state === 'HALF_OPEN') this.#refusedAt = reply.state.epoch;
        }
      } finally {
        this.#claiming = false;
      }
    });
    return false;
  }

  /** Takes a fleet state newer than this breaker's (a published transition, a script's answer). */
  adopt(fleet: FleetState): void {
    if (fleet.epoch <= this.#epoch) return;
    this.#epoch = fleet.epoch;
    this.#trials = 0;
    this.#dirty = false;
    const { state, reason, openedAt, isolated } = fleet;
    this.breaker.applyRemoteState({ state, reason, openedAt, isolated, trials: 0 });
  }

  /**
   * Brings this breaker and Redis together (on attach, and when Redis answers after trouble): a local
   * transition Redis missed is published (kept unless the fleet moved since); otherwise Redis's state is
   * taken when newer, and this one written where Redis has none (a late joiner, a Redis that lost its data).
   * Rejects when Redis does not answer.
   */
  sync(): Promise<void> {
    // Decided when its turn comes: a transition queued meanwhile makes it a move.
    return this.#enqueue(() => this.#publish(this.#dirty ? 'move' : 'restore'), true);
  }

  #onTransition(event: BreakerStateEvent): void {
    if (event.source === 'remote') return; // decided by the fleet: already in Redis, never echoed
    this.#lastReason = event.reason;
    if (event.to !== 'HALF_OPEN') this.#trials = 0;
    // Until Redis takes it: a publish skipped or failed while Redis is away is sent by the next sync.
    this.#dirty = true;
    void this.#enqueue(() => this.#publish('move'));
  }

  /** Sends the breaker's state as it is now (a later transition may have followed the one that queued this). */
  async #publish(mode: 'move' | 'restore'): Promise<void> {
    const b = this.breaker;
    const reason = this.#lastReason;
    const { state, openedAt } = b.stats();
    const { origin, channel } = this.#link;
    const args = [
      mode,
      String(this.#epoch),
      state,
      openedAt === null ? '' : String(openedAt),
      b.isolated ? '1' : '0',
      reason,
      '0',
      origin,
      channel,
      b.name,
    ];
    try {
      const reply = await this.#run(publishScript, this.#keys, args);
      if (reply.granted) {
        this.#epoch = reply.state.epoch;
        this.#dirty = false;
        this.#link.published();
      } else this.adopt(reply.state);
    } catch (error) {
      if (mode === 'move') this.#dirty = true;
      throw error;
    }
  }

  async #outcomes(at: number, successes: number, failed: number): Promise<void> {
    const { origin, channel } = this.#link;
    const reply = await this.#run(outcomesScript, this.#keys, [
      String(at),
      String(successes),
      String(failed),
      origin,
      channel,
      this.breaker.name,
      ...this.#specs,
    ]);
    if (reply.granted) this.#link.published();
    this.adopt(reply.state);
  }

  #takeSuccesses(): number {
    const total = this.breaker.stats().successfulRequests;
    const successes = total - this.#reported;
    this.#reported = total;
    return successes;
  }

  async #run(
    script: LuaScript,
    keys: readonly string[],
    args: readonly string[],
  ): Promise<{ state: FleetState; granted: boolean }> {
    const reply = (await runScript(this.#link.sender, this.#link.timeoutMs, script, keys, args)) as [
      string,
      string,
      string,
      string,
      string,
      number,
    ];
    return { state: parseState(reply), granted: Number(reply[5]) === 1 };
  }

  /**
   * Chains a command after this breaker's earlier ones. Without `strict`, a command whose turn comes while
   * Redis is away is skipped and a failure is reported as trouble, so the returned promise never rejects and
   * callers may drop it (`void`); with it (sync), it is sent anyway and its failure rejects the returned promise.
   */
  #enqueue(command: () => Promise<void>, strict = false): Promise<void> {
    const run = this.#queue.then(() => {
      if (!strict && !this.#link.available()) return undefined;
      return command();
    });
    this.#queue = run.catch((error: unknown) => {
      if (!strict) this.#link.trouble(error);
    });
    return strict ? run : this.#queue;
  }
}

function parseState(reply: readonly [string, string, string, string, string, ...unknown[]]): FleetState {
  const [state, openedAt, isolated, epoch, reason] = reply;
  return {
    state: state as CircuitState,
    openedAt: openedAt === '' ? undefined : Number(openedAt),
    isolated: isolated === '1',
    epoch: Number(epoch),
    reason: (reason || 'reset') as TransitionReason,
  };
}

/**
 * The strategies counted fleet-wide, as outcomesScript arguments: consecutive failures and failure rates
 * (count and time windows). A slow-call rate needs each call's duration, and a user-defined strategy is code
 * Redis cannot run: both stay local (they still open the breaker, and the fleet follows).
 */
function sharedSpecs(breaker: CircuitBreaker): string[] {
  const strategies = breaker.snapshot().settings.strategies ?? [
    { kind: 'ConsecutiveFailures' as const, threshold: breaker.failureThreshold },
  ];
  const args: string[] = [];
  for (const s of strategies) {
    if (s.kind === 'ConsecutiveFailures') args.push('consecutive', String(s.threshold), '0', '0', '0');
    else if (s.kind === 'FailureRate' && s.window.type === 'count') {
      args.push('count', String(s.failureRateThreshold), String(s.minimumCalls), String(s.window.size), '0');
    } else if (s.kind === 'FailureRate' && s.window.type === 'time') {
      const buckets = s.window.buckets ?? 10;
      args.push(
        'time',
        String(s.failureRateThreshold),
        String(s.minimumCalls),
        String(s.window.durationMs),
        String(s.window.durationMs / buckets),
      );
    }
  }
  return args;
}
