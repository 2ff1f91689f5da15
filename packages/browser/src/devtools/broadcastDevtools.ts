import {
  DEFAULT_DEVTOOLS_CHANNEL,
  DevtoolsFeed,
  type BroadcastEnvelope,
  type DevtoolsCommand,
  type DevtoolsFeedOptions,
  type ErrorHandler,
} from '@breakwater/core';

export interface BroadcastDevtoolsOptions {
  /** Default `breakwater-devtools`. */
  channel?: string;
  /** Shown in the devtools tab to tell pages apart (default: the page's title, else `page`). */
  label?: string;
  feed?: DevtoolsFeedOptions;
}

const COMMAND_TYPES = new Set(['breaker.reset', 'breaker.isolate', 'mode.set']);

/** Commands come from another tab: checked for shape here, without shipping the zod schemas to the page. */
function isCommand(value: unknown): value is DevtoolsCommand {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as { type?: unknown; name?: unknown; mode?: unknown };
  if (typeof c.type !== 'string' || !COMMAND_TYPES.has(c.type)) return false;
  return c.type === 'mode.set' ? c.mode === 'live' || c.mode === 'paper' : typeof c.name === 'string';
}

/**
 * Lets a devtools tab of the same origin watch this page's handler over a BroadcastChannel: a snapshot for
 * each consumer that says hello, then the feed's batches for all; commands carried out and answered. The feed
 * runs only while some consumer is there. Returns the way to stop (call it on `pagehide`).
 */
export function broadcastDevtools(handler: ErrorHandler, options: BroadcastDevtoolsOptions = {}): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {}; // nothing to talk over: devtools stay in-page only
  const channel = new BroadcastChannel(options.channel ?? DEFAULT_DEVTOOLS_CHANNEL);
  const producer = `p-${Math.random().toString(36).slice(2, 10)}`;
  const label = options.label ?? (typeof document !== 'undefined' && document.title ? document.title : 'page');
  const feed = new DevtoolsFeed(handler, options.feed);
  const consumers = new Set<string>();
  let stopFeed: (() => void) | undefined;
  const post = (envelope: BroadcastEnvelope) => channel.postMessage(envelope);

  channel.onmessage = (event: MessageEvent<BroadcastEnvelope>) => {
    const data = event.data;
    if (typeof data !== 'object' || data === null) return;
    switch (data.kind) {
      case 'hello':
        consumers.add(data.consumer);
        stopFeed ??= feed.subscribe((batch) => post({ kind: 'message', producer, label, message: batch }));
        post({ kind: 'message', producer, label, to: data.consumer, message: feed.snapshot() });
        return;
      case 'bye':
        consumers.delete(data.consumer);
        if (consumers.size === 0) {
          stopFeed?.();
          stopFeed = undefined;
        }
        return;
      case 'command': {
        if (data.producer !== producer) return;
        const answer = (ok: boolean, error?: string) =>
          post({
            kind: 'result',
            producer,
            to: data.consumer,
            id: data.id,
            ok,
            ...(error === undefined ? {} : { error }),
          });
        if (!isCommand(data.command)) return answer(false, 'not a devtools command');
        try {
          feed.execute(data.command);
          answer(true);
        } catch (error) {
          answer(false, error instanceof Error ? error.message : String(error));
        }
        return;
      }
    }
  };

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stopFeed?.();
    stopFeed = undefined;
    post({ kind: 'gone', producer });
    channel.close();
  };
}
