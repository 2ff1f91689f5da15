import { memo } from 'react';
import { ERROR_CATEGORIES } from '@breakwater/core';
import type { CategoryPoint } from '../state/DevtoolsState.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { inWindow, niceMax, r, windowStart, type ChartWindow } from './chartScale.ts';
import { categoryColours, styles } from './styles.ts';

export interface ErrorRateChartProps {
  /** Oldest first (the store's `errorsByCategory`). */
  points: readonly CategoryPoint[];
  window: ChartWindow;
  /** The right edge of the time axis (producer time: now). */
  end: number;
}

/** Errors per second, one bar per point, stacked by category in `ERROR_CATEGORIES` order. */
export const ErrorRateChart = memo(function ErrorRateChart({ points, window, end }: ErrorRateChartProps) {
  const start = windowStart(window, end, points[0]?.at);
  const shown = inWindow(points, start);
  const present = ERROR_CATEGORIES.filter((c) => shown.some((p) => (p.counts[c] ?? 0) > 0));
  if (present.length === 0) return <p style={styles.muted}>{`No errors in the window (${window}).`}</p>;
  const perSecond = (p: CategoryPoint, c: string) => (p.counts[c] ?? 0) / (p.spanMs / 1000);
  const yMax = niceMax(Math.max(...shown.map((p) => present.reduce((sum, c) => sum + perSecond(p, c), 0))));
  return (
    <ChartFrame
      title={`Errors per second by category (${window})`}
      start={start}
      end={end}
      yMax={yMax}
      yUnit="errors/s"
      legend={present.map((c) => ({ label: c, colour: categoryColours[c]! }))}
    >
      {(x, y) =>
        present.map((c) => (
          <g key={c} data-series={c} fill={categoryColours[c]}>
            {shown.map((p) => {
              const below = present.slice(0, present.indexOf(c)).reduce((sum, d) => sum + perSecond(p, d), 0);
              const v = perSecond(p, c);
              if (v === 0) return null;
              const x0 = x(p.at);
              return (
                <rect
                  key={p.at}
                  x={r(x0)}
                  y={r(y(below + v))}
                  width={Math.max(1, r(x(p.at + p.spanMs) - x0 - 0.5))}
                  height={r(y(below) - y(below + v))}
                />
              );
            })}
          </g>
        ))
      }
    </ChartFrame>
  );
});
