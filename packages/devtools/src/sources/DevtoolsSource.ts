import type { DevtoolsCommand } from '@breakwater/core';
import type { ConnectionState } from '../state/DevtoolsState.ts';

/** Hands a received message to the panel: JSON text or parsed data, unchecked (the store validates it). */
export type MessageListener = (data: unknown) => void;

/** Tells the panel where the connection stands; `detail` is shown beside it (`retrying in 4 s`). */
export type StatusListener = (state: ConnectionState, detail?: string) => void;

/**
 * Where the panel's messages come from and its commands go: in-page (a `DevtoolsFeed`), a remote process
 * (Server-Sent Events + HTTP), another tab (a BroadcastChannel bridge). A source starts with a snapshot on
 * every fresh connection, then batches.
 */
export interface DevtoolsSource {
  /** Starts delivering; returns the way to stop (after which neither listener is called). */
  connect(onMessage: MessageListener, onStatus: StatusListener): () => void;
  /** Resolves when the watched process carried the command out; rejects with its reason otherwise. */
  command(command: DevtoolsCommand): Promise<void>;
}
