import { memo } from 'react';
import type { Connection, ConnectionState } from '../state/DevtoolsState.ts';
import { connectionColours, styles } from './styles.ts';

const words: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  rejected: 'Token rejected',
};

/** Where the stream stands, in colour and words, with what the source said about it. */
export const ConnectionStatus = memo(function ConnectionStatus({ connection }: { connection: Connection }) {
  return (
    <span role="status" aria-label="Connection" data-connection={connection.state}>
      <span aria-hidden="true" style={{ ...styles.dot, background: connectionColours[connection.state] }} />
      {words[connection.state]}
      {connection.detail !== null && <span style={styles.muted}>{` (${connection.detail})`}</span>}
    </span>
  );
});
