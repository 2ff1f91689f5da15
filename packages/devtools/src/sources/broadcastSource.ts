import { DEFAULT_DEVTOOLS_CHANNEL, systemClock, type BroadcastEnvelope, type Clock } from '@breakwater/core';
import type { DevtoolsSource } from './DevtoolsSource.ts';

export interface BroadcastSourceOptions {
  /** Default `breakwater-devtools` (the producer's default too). */
  channel?: string;
  /** How often to say hello while no page answers. Default 2000. */
  helloIntervalMs?: number;
  /** How long a command may wait for its answer. Default 5000. */
  commandTimeoutMs?: number;
  clock?: Clock;
  /** Default: the global `BroadcastChannel`. */
  BroadcastChannel?: new (name: string) => BroadcastChannel;
}

/**
 * Another tab of the same origin that runs `broadcastDevtools(handler)` (from `@breakwater/browser`): says hello
 * until a page answers with a snapshot, then follows that page's batches; if the page goes away it waits for
 * the next one. Commands go to the followed page and wait for its answer.
 */
export function broadcastSource(options: BroadcastSourceOptions = {}): DevtoolsSource {
  const Channel = options.BroadcastChannel ?? globalThis.BroadcastChannel;
  const clock = options.clock ?? systemClock();
  const helloMs = options.helloIntervalMs ?? 2000;
  const commandMs = options.commandTimeoutMs ?? 5000;
  const consumer = `c-${Math.random().toString(36).slice(2, 10)}`;
  let channel: BroadcastChannel | undefined;
  let producer: string | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  return {
    connect(onMessage, onStatus) {
      if (!Channel) {
        onStatus('closed', 'this browser has no BroadcastChannel');
        return () => {};
      }
      const current = new Channel(options.channel ?? DEFAULT_DEVTOOLS_CHANNEL);
      channel = current;
      producer = undefined;
      const stopHello = new AbortController();
      const post = (envelope: BroadcastEnvelope) => current.postMessage(envelope);
      const sayHello = async () => {
        while (!stopHello.signal.aborted) {
          if (producer === undefined) post({ kind: 'hello', consumer });
          await clock.sleep(helloMs, stopHello.signal).catch(() => undefined);
        }
      };
      onStatus('connecting', 'waiting for a page running broadcastDevtools()');
      current.onmessage = (event: MessageEvent<BroadcastEnvelope>) => {
        const data = event.data;
        if (typeof data !== 'object' || data === null) return;
        if (data.kind === 'message') {
          if (producer === undefined && data.to === consumer && data.message.type === 'snapshot') {
            producer = data.producer;
            onStatus('open', data.label);
          }
          if (data.producer === producer && (data.to === undefined || data.to === consumer)) onMessage(data.message);
        } else if (data.kind === 'result' && data.producer === producer && data.to === consumer) {
          const waiting = pending.get(data.id);
          pending.delete(data.id);
          if (data.ok) waiting?.resolve();
          else waiting?.reject(new Error(data.error ?? 'command failed'));
        } else if (data.kind === 'gone' && data.producer === producer) {
          producer = undefined;
          onStatus('reconnecting', 'the page went away; waiting for another');
          post({ kind: 'hello', consumer });
        }
      };
      void sayHello();
      return () => {
        if (stopHello.signal.aborted) return;
        stopHello.abort();
        post({ kind: 'bye', consumer });
        current.close();
        if (channel === current) channel = undefined;
        for (const waiting of pending.values()) waiting.reject(new Error('disconnected'));
        pending.clear();
      };
    },
    command(command) {
      if (!channel || producer === undefined) return Promise.reject(new Error('no page connected'));
      const id = ++nextId;
      const to = producer;
      const open = channel;
      return new Promise<void>((resolve, reject) => {
        const timer = new AbortController();
        pending.set(id, {
          resolve: () => (timer.abort(), resolve()),
          reject: (error) => (timer.abort(), reject(error)),
        });
        clock.sleep(commandMs, timer.signal).then(
          () => {
            if (pending.delete(id)) reject(new Error(`no answer from the page within ${commandMs} ms`));
          },
          () => undefined,
        );
        open.postMessage({ kind: 'command', consumer, producer: to, id, command } satisfies BroadcastEnvelope);
      });
    },
  };
}
