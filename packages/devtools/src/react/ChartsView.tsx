import { memo, useState } from 'react';
import type { BreakerStateEvent, Clock, DevtoolsBreaker } from '@breakwater/core';
import type { BreakerPoint, CategoryPoint, ModeMark } from '../state/DevtoolsState.ts';
import { BreakerHealthChart } from './BreakerHealthChart.tsx';
import type { ChartWindow } from './chartScale.ts';
import { ErrorRateChart } from './ErrorRateChart.tsx';
import { FailureThresholdChart } from './FailureThresholdChart.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { StateTimelineChart } from './StateTimelineChart.tsx';
import { styles } from './styles.ts';
import { useNow } from './useNow.ts';
import { WindowSelect } from './WindowSelect.tsx';

export interface ChartsViewProps {
  breakers: ReadonlyMap<string, DevtoolsBreaker>;
  breakerSeries: ReadonlyMap<string, readonly BreakerPoint[]>;
  errorsByCategory: readonly CategoryPoint[];
  /** Newest first: the same transitions the Timeline tab shows. */
  transitions: readonly BreakerStateEvent[];
  modes: readonly ModeMark[];
  clockOffsetMs: number;
  clock: Clock;
}

/** The breaker to chart first: the one closest to its threshold (then the first). */
function closest(breakers: ReadonlyMap<string, DevtoolsBreaker>): string | undefined {
  let best: DevtoolsBreaker | undefined;
  for (const b of breakers.values())
    if (!best || b.failureCount / b.failureThreshold > best.failureCount / best.failureThreshold) best = b;
  return best?.name;
}

/** Every chart over one window, ending now (producer time); the per-breaker charts for a chosen breaker. */
export const ChartsView = memo(function ChartsView(props: ChartsViewProps) {
  const { breakers, breakerSeries, errorsByCategory, transitions, modes, clockOffsetMs, clock } = props;
  const [window, setWindow] = useState<ChartWindow>('5 min');
  const [chosen, setChosen] = useState<string | null>(null);
  const end = useNow(clock, 1000) + clockOffsetMs;
  const name = chosen !== null && breakers.has(chosen) ? chosen : closest(breakers);
  const points = (name !== undefined && breakerSeries.get(name)) || [];
  return (
    <div>
      <WindowSelect value={window} onChange={setWindow} />
      <StateTimelineChart transitions={transitions} modes={modes} window={window} end={end} />
      <ErrorRateChart points={errorsByCategory} window={window} end={end} />
      <BreakerHealthChart breakers={breakers} series={breakerSeries} window={window} end={end} />
      {name !== undefined && (
        <>
          <label style={styles.toolbar}>
            <span style={styles.muted}>Breaker</span>
            <select style={styles.input} value={name} onChange={(e) => setChosen(e.target.value)}>
              {[...breakers.keys()].sort().map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <FailureThresholdChart name={name} points={points} window={window} end={end} />
          <LatencyChart name={name} points={points} window={window} end={end} />
        </>
      )}
    </div>
  );
});
