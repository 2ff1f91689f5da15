import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Clock, DevtoolsFeed, DevtoolsMessage, Unsubscribe } from '@breakwater/core';
import { ReplayLog } from './ReplayLog.ts';
import { SseBacklog } from './SseBacklog.ts';
import { SseClient } from './SseClient.ts';
import { SseMessage } from './SseMessage.ts';

export interface EventHubOptions {
  maxClients: number;
  maxClientQueue: number;
  replay: number;
  heartbeatMs: number;
}

/** What the event streams cost and lost so far. */
export interface DevtoolsServerStats {
  /** Open event-stream connections. */
  clients: number;
  /**
   * Bytes held back for slow readers right now, as memory: a message waiting for several readers is one shared
   * copy and counts once.
   */
  queuedBytes: number;
  /** How far behind the slow readers are, added up (a message waiting for three readers counts three times). */
  clientBacklogBytes: number;
  /** Messages never delivered because their reader fell more than `maxClientQueue` behind. */
  droppedMessages: number;
  /** Connections closed for that reason (each reconnects and resumes or starts over). */
  slowClientsClosed: number;
}

/**
 * Fans one feed out to every event-stream connection (at most `maxClients`). Each batch is encoded once, to one
 * Buffer that is kept for replay and shared by every client's socket and backlog; no client can make the feed
 * (and so the handler) wait. The feed is watched only while at least one connection is open, and heartbeats
 * run only then, on the handler's clock.
 */
export class EventHub {
  readonly #feed: DevtoolsFeed;
  readonly #clock: Clock;
  readonly #options: EventHubOptions;
  readonly #clients = new Set<SseClient>();
  readonly #replay: ReplayLog<SseMessage>;
  readonly #backlog = new SseBacklog();
  #stopFeed: Unsubscribe | undefined;
  #heartbeat: AbortController | undefined;
  #dropped = 0;
  #slowClosed = 0;

  constructor(feed: DevtoolsFeed, options: EventHubOptions) {
    this.#feed = feed;
    this.#clock = feed.handler.clock;
    this.#options = options;
    this.#replay = new ReplayLog(options.replay, feed.seq);
  }

  /** Whether `maxClients` streams are open: a new one must wait. */
  get full(): boolean {
    return this.#clients.size >= this.#options.maxClients;
  }

  /** The batches after `lastEventId` if it is one of this process's ids and all of them are still kept. */
  #resumable(lastEventId: string | undefined): SseMessage[] | undefined {
    const match = lastEventId === undefined ? null : /^([0-9a-f]{8})-(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== runId) return undefined;
    return this.#replay.since(Number(match[2]), this.#feed.seq);
  }

  /**
   * Starts streaming to `res` (headers already sent; the caller checked `full`): the batches after
   * `lastEventId` when the replay log has all of them, else a snapshot; then every batch as it comes.
   */
  add(res: ServerResponse, lastEventId: string | undefined): void {
    const client: SseClient = new SseClient(
      res,
      this.#options.maxClientQueue,
      {
        onOverflow: (dropped) => {
          this.#dropped += dropped;
          this.#slowClosed++;
        },
        onClose: () => this.#remove(client),
      },
      this.#backlog,
    );
    this.#watch();
    client.send(RETRY);
    const missed = this.#resumable(lastEventId);
    if (missed) {
      for (const message of missed) client.send(message);
    } else {
      // snapshot() sends events still waiting for a batch to the others first, so this client never gets them
      // twice (once in the snapshot, again in the next batch).
      const snapshot = this.#feed.snapshot();
      client.send(encode(snapshot.seq, snapshot));
    }
    if (!client.closed) this.#clients.add(client);
    else if (this.#clients.size === 0) this.#unwatch();
  }

  stats(): DevtoolsServerStats {
    let clientBacklogBytes = 0;
    for (const client of this.#clients) clientBacklogBytes += client.queuedBytes;
    return {
      clients: this.#clients.size,
      queuedBytes: this.#backlog.bytes,
      clientBacklogBytes,
      droppedMessages: this.#dropped,
      slowClientsClosed: this.#slowClosed,
    };
  }

  /** Ends every stream and stops watching the feed. */
  close(): void {
    for (const client of [...this.#clients]) client.end();
    this.#unwatch();
  }

  #remove(client: SseClient): void {
    if (this.#clients.delete(client) && this.#clients.size === 0) this.#unwatch();
  }

  #watch(): void {
    if (this.#stopFeed) return;
    this.#stopFeed = this.#feed.subscribe((batch) => {
      const message = encode(batch.seq, batch);
      this.#replay.add(batch.seq, message);
      for (const client of this.#clients) client.send(message);
    });
    const heartbeat = new AbortController();
    this.#heartbeat = heartbeat;
    void this.#beat(heartbeat.signal);
  }

  #unwatch(): void {
    if (!this.#stopFeed) return;
    this.#stopFeed();
    this.#stopFeed = undefined;
    this.#heartbeat?.abort();
    this.#heartbeat = undefined;
    this.#replay.breakAt(this.#feed.seq);
  }

  async #beat(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        await this.#clock.sleep(this.#options.heartbeatMs, signal);
        for (const client of this.#clients) client.ping();
      }
    } catch {
      // Aborted: nobody is connected any more.
    }
  }
}

/** `<run>-<seq>`: the run part tells this server's ids from a previous process's, whose seqs started over. */
const runId = randomBytes(4).toString('hex');

function encode(seq: number, message: DevtoolsMessage): SseMessage {
  return new SseMessage(`id: ${runId}-${seq}\ndata: ${JSON.stringify(message)}\n\n`);
}

const RETRY = new SseMessage('retry: 1000\n\n');
