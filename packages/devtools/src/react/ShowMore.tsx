import { useState } from 'react';
import { formatCount } from './format.ts';
import { styles } from './styles.ts';

/** How many rows a long list renders: `step` at first, `step` more per click. */
export function useShownCount(step: number): [shown: number, showMore: () => void] {
  const [shown, setShown] = useState(step);
  return [shown, () => setShown((n) => n + step)];
}

/** The button under a capped list; nothing when every row is shown. */
export function ShowMore({ shown, total, onClick }: { shown: number; total: number; onClick: () => void }) {
  if (shown >= total) return null;
  return (
    <button type="button" style={{ ...styles.button, marginTop: 6 }} onClick={onClick}>
      {`Show more (${formatCount(total - shown)} hidden)`}
    </button>
  );
}
