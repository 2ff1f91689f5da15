import { memo } from 'react';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { inWindow, niceMax, stepPoints, windowStart, type ChartWindow } from './chartScale.ts';
import { styles } from './styles.ts';

export interface LatencyChartProps {
  name: string;
  points: readonly BreakerPoint[];
  window: ChartWindow;
  end: number;
}

const LINES = [
  { key: 'p50', colour: '#34d399' },
  { key: 'p95', colour: '#f59e0b' },
  { key: 'p99', colour: '#ef4444' },
] as const;

/** A breaker's call latency percentiles as it reported them (over its timed calls since it was made). */
export const LatencyChart = memo(function LatencyChart({ name, points, window, end }: LatencyChartProps) {
  const start = windowStart(window, end, points[0]?.at);
  const shown = inWindow(points, start).filter((p) => p.p50 !== null);
  if (shown.length === 0) {
    return (
      <p
        style={styles.muted}
      >{`No call latency of ${name} yet: calls are timed while the panel watches, or with measureLatency.`}</p>
    );
  }
  const yMax = niceMax(Math.max(...shown.map((p) => p.p99 ?? 0)));
  return (
    <ChartFrame
      title={`${name}: call latency p50 / p95 / p99 (${window})`}
      start={start}
      end={end}
      yMax={yMax}
      yUnit="ms"
      legend={LINES.map((l) => ({ label: l.key, colour: l.colour }))}
    >
      {(x, y) =>
        LINES.map((l) =>
          stepPoints(shown, (p) => p[l.key], x, y, false).map((pts, i) => (
            <polyline
              key={`${l.key}${i}`}
              data-series={l.key}
              points={pts}
              fill="none"
              stroke={l.colour}
              strokeWidth={1.5}
            />
          )),
        )
      }
    </ChartFrame>
  );
});
