import type { Connection } from '../state/DevtoolsState.ts';
import { styles } from './styles.ts';

/**
 * Stands in for an empty view while nothing is known: "No circuit breakers yet" would be a false calm when the
 * panel simply is not connected.
 */
export function NotConnected({ connection }: { connection: Connection }) {
  return (
    <p style={styles.muted}>
      {connection.state === 'connecting'
        ? 'Connecting…'
        : connection.state === 'open'
          ? 'Waiting for the first snapshot…'
          : 'Not connected'}
      {connection.detail !== null && ` (${connection.detail})`}
    </p>
  );
}

/** True while the panel has no live picture: nothing received yet, or the connection is not open. */
export function isUnconnected(state: { connection: Connection; seq: number | null }): boolean {
  return state.seq === null || state.connection.state !== 'open';
}
