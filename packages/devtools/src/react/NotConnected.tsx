import type { Connection } from '../state/DevtoolsState.ts';
import { styles } from './styles.ts';

const words: Record<Connection['state'], string> = {
  connecting: 'Connecting…',
  open: 'Connected; waiting for the first snapshot…',
  reconnecting: 'Not connected: reconnecting…',
  closed: 'Not connected.',
  rejected: 'Not connected: the token was rejected.',
};

/**
 * Stands in for an empty view while nothing is known: "No circuit breakers yet" would be a false calm when the
 * panel simply is not connected.
 */
export function NotConnected({ connection }: { connection: Connection }) {
  return (
    <p style={styles.muted} data-testid="not-connected">
      {words[connection.state]}
      {connection.detail !== null && <span>{` (${connection.detail})`}</span>}
    </p>
  );
}

/** True while the panel has no live picture: nothing received yet, or the connection is not open. */
export function isUnconnected(state: { connection: Connection; seq: number | null }): boolean {
  return state.seq === null || state.connection.state !== 'open';
}
