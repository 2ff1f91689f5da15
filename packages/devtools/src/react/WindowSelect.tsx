import { CHART_WINDOWS, type ChartWindow } from './chartScale.ts';
import { colours, styles } from './styles.ts';

/** The time window of every chart: 5 min, 1 h, or all the panel holds. */
export function WindowSelect({ value, onChange }: { value: ChartWindow; onChange: (window: ChartWindow) => void }) {
  return (
    <div role="group" aria-label="Window" style={styles.toolbar}>
      <span style={styles.muted}>Window</span>
      {CHART_WINDOWS.map((w) => (
        <button
          key={w}
          type="button"
          aria-pressed={w === value}
          style={w === value ? { ...styles.button, borderColor: colours.accent } : styles.button}
          onClick={() => onChange(w)}
        >
          {w}
        </button>
      ))}
    </div>
  );
}
