import { memo } from 'react';
import type { DevtoolsState } from '../state/DevtoolsState.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { formatCount } from './format.ts';
import { ProtocolErrors } from './ProtocolErrors.tsx';
import { styles } from './styles.ts';

type StatusBarProps = Pick<
  DevtoolsState,
  | 'connection'
  | 'mode'
  | 'seq'
  | 'droppedEvents'
  | 'missedBatches'
  | 'protocolErrors'
  | 'protocolErrorCount'
  | 'commandFailure'
> & { onDismissCommandFailure: () => void };

/** Connection, mode, what was lost on the way, and whatever went wrong with messages or commands. */
export const StatusBar = memo(function StatusBar(props: StatusBarProps) {
  const { commandFailure } = props;
  const failed = commandFailure?.command;
  const failedCommand = failed && ('name' in failed ? `${failed.type} ${failed.name}` : failed.type);
  return (
    <footer style={styles.statusBar}>
      <ConnectionStatus connection={props.connection} />
      <span
        data-testid="status-mode"
        style={props.mode === 'paper' ? styles.alert : undefined}
      >{`mode: ${props.mode ?? '—'}`}</span>
      {props.seq !== null && <span>{`seq ${props.seq}`}</span>}
      {props.droppedEvents > 0 && (
        <span style={styles.alert}>{`${formatCount(props.droppedEvents)} events dropped by the producer`}</span>
      )}
      {props.missedBatches > 0 && (
        <span style={styles.alert}>{`${formatCount(props.missedBatches)} batches missed`}</span>
      )}
      {commandFailure && (
        <span role="alert" style={styles.alert}>
          {`${failedCommand} failed: ${commandFailure.message} `}
          <button type="button" style={styles.button} aria-label="Dismiss" onClick={props.onDismissCommandFailure}>
            ×
          </button>
        </span>
      )}
      <ProtocolErrors problems={props.protocolErrors} count={props.protocolErrorCount} />
    </footer>
  );
});
