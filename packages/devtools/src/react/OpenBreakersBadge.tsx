import { formatCount } from './format.ts';
import { stateColours } from './styles.ts';

/** The red count on the collapsed panel's button: open breakers are what an operator must not miss. */
export function OpenBreakersBadge({ id, count }: { id: string; count: number }) {
  return (
    <span
      id={id}
      data-testid="open-breakers"
      aria-label={`${formatCount(count)} open breaker${count === 1 ? '' : 's'}`}
      style={{
        position: 'absolute',
        top: -8,
        right: -8,
        minWidth: 8,
        padding: '0 5px',
        borderRadius: 9,
        background: stateColours.OPEN,
        color: '#ffffff',
        fontWeight: 700,
      }}
    >
      {formatCount(count)}
    </span>
  );
}
