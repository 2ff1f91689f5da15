import type { CircuitState } from '@breakwater/core';
import { stateColours, styles } from './styles.ts';

/** A breaker's state in colour and in words (colour alone says nothing to a screen reader or in print). */
export function StateBadge({ state, isolated = false }: { state: CircuitState; isolated?: boolean }) {
  return (
    <span data-state={state} style={{ color: stateColours[state], fontWeight: 600 }}>
      <span aria-hidden="true" style={{ ...styles.dot, background: stateColours[state] }} />
      {state}
      {isolated ? ' (isolated)' : ''}
    </span>
  );
}
