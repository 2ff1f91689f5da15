import type { DevtoolsCommand, DevtoolsMessage } from './DevtoolsMessage.ts';

/** The BroadcastChannel both ends use unless told otherwise. */
export const DEFAULT_DEVTOOLS_CHANNEL = 'breakwater-devtools';

/**
 * What travels on the BroadcastChannel between a page that runs a handler (the producer) and a devtools tab of
 * the same origin (the consumer). Several producers may share a channel: each message names its sender, and a
 * consumer follows the first producer that answers its hello.
 */
export type BroadcastEnvelope =
  /** consumer → producers: "send me a snapshot" (also a keep-alive). */
  | { kind: 'hello'; consumer: string }
  /** consumer → producers: this consumer is gone. */
  | { kind: 'bye'; consumer: string }
  /** consumer → its producer. */
  | { kind: 'command'; consumer: string; producer: string; id: number; command: DevtoolsCommand }
  /** producer → one consumer (`to`: a snapshot answering a hello) or all (batches). */
  | { kind: 'message'; producer: string; label: string; to?: string; message: DevtoolsMessage }
  /** producer → the consumer that sent command `id`. */
  | { kind: 'result'; producer: string; to: string; id: number; ok: boolean; error?: string }
  /** producer → all: it stopped (page unloading, bridge closed). */
  | { kind: 'gone'; producer: string };
