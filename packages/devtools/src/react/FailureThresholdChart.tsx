import { memo } from 'react';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { inWindow, niceMax, r, stepPoints, windowStart, type ChartWindow } from './chartScale.ts';
import { colours, styles } from './styles.ts';

export interface FailureThresholdChartProps {
  name: string;
  /** The breaker's series, oldest first. */
  points: readonly BreakerPoint[];
  window: ChartWindow;
  end: number;
}

/**
 * How close a breaker is to opening: the failures its strategies hold against it (consecutive failures by
 * default) against the threshold that opens it, drawn dashed. The protocol reports the count threshold only,
 * so a failure-rate strategy's percentage is not drawn.
 */
export const FailureThresholdChart = memo(function FailureThresholdChart({
  name,
  points,
  window,
  end,
}: FailureThresholdChartProps) {
  const start = windowStart(window, end, points[0]?.at);
  const shown = inWindow(points, start);
  if (shown.length === 0) return <p style={styles.muted}>{`No calls of ${name} in the window (${window}).`}</p>;
  const threshold = shown[shown.length - 1]!.failureThreshold;
  const yMax = niceMax(Math.max(threshold, ...shown.map((p) => p.failureCount)));
  return (
    <ChartFrame
      title={`${name}: failures held against the threshold (${window})`}
      start={start}
      end={end}
      yMax={yMax}
      yUnit="failures"
      legend={[
        { label: 'failures held', colour: colours.danger },
        { label: `threshold ${threshold}`, colour: colours.muted, dashed: true },
      ]}
    >
      {(x, y) => (
        <>
          <line
            data-series="threshold"
            x1={x(start)}
            x2={x(end)}
            y1={r(y(threshold))}
            y2={r(y(threshold))}
            stroke={colours.muted}
            strokeDasharray="4 3"
          />
          {stepPoints(shown, (p) => p.failureCount, x, y, false).map((pts, i) => (
            <polyline
              key={i}
              data-series="failures"
              points={pts}
              fill="none"
              stroke={colours.danger}
              strokeWidth={1.5}
            />
          ))}
        </>
      )}
    </ChartFrame>
  );
});
