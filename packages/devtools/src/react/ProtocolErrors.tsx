import { memo } from 'react';
import type { ProtocolProblem } from '../state/DevtoolsState.ts';
import { formatTime } from './format.ts';
import { styles } from './styles.ts';

export interface ProtocolErrorsProps {
  /** Newest first. */
  problems: readonly ProtocolProblem[];
  count: number;
}

/** Messages that failed validation: the latest in full, the others a click away. The panel carries on. */
export const ProtocolErrors = memo(function ProtocolErrors({ problems, count }: ProtocolErrorsProps) {
  const latest = problems[0];
  if (!latest) return null;
  return (
    <details style={{ ...styles.alert, flex: '1 1 300px', minWidth: 0 }}>
      <summary
        role="alert"
        title={latest.message}
        style={{ cursor: 'pointer', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        {latest.message}
        {count > 1 ? ` (${count} invalid messages)` : ''}
      </summary>
      <ol style={{ margin: '4px 0', paddingLeft: 18, maxHeight: '30vh', overflow: 'auto' }}>
        {problems.map((p, i) => (
          <li key={`${p.at}-${i}`}>{`${formatTime(p.at)} ${p.message}`}</li>
        ))}
      </ol>
    </details>
  );
});
