import { memo } from 'react';
import type { DevtoolsBreaker } from '@breakwater/core';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { Legend } from './ChartFrame.tsx';
import { axisNumber, inWindow, niceMax, r, stepPoints, windowStart, type ChartWindow } from './chartScale.ts';
import { formatCount } from './format.ts';
import { colours, stateColours, styles } from './styles.ts';

export interface BreakerHealthChartProps {
  breakers: ReadonlyMap<string, DevtoolsBreaker>;
  series: ReadonlyMap<string, readonly BreakerPoint[]>;
  window: ChartWindow;
  end: number;
  /** Rows drawn at most (the busiest breakers). Default 12. */
  limit?: number;
}

const LINES = [
  { key: 'calls', label: 'calls', colour: colours.accent },
  { key: 'failures', label: 'failures', colour: colours.danger },
  { key: 'rejections', label: 'rejections', colour: '#f59e0b' },
] as const;

const W = 240;
const H = 28;
const MAX_R = 10;

/**
 * Hystrix's circle per breaker: a dot coloured by state and sized by its calls in the window (area ∝ calls,
 * against the busiest), then a sparkline of its calls, failures and rejections per second.
 */
export const BreakerHealthChart = memo(function BreakerHealthChart({
  breakers,
  series,
  window,
  end,
  limit = 12,
}: BreakerHealthChartProps) {
  const rows = [...breakers.values()].map((b) => {
    const points = series.get(b.name) ?? [];
    const shown = inWindow(points, windowStart(window, end, points[0]?.at));
    const sum = (key: 'calls' | 'failures' | 'rejections') => shown.reduce((n, p) => n + p[key], 0);
    return { b, shown, calls: sum('calls'), failures: sum('failures'), rejections: sum('rejections') };
  });
  rows.sort((a, b) => b.calls + b.rejections - (a.calls + a.rejections) || (a.b.name < b.b.name ? -1 : 1));
  if (rows.length === 0) return <p style={styles.muted}>No circuit breakers yet.</p>;
  const busiest = Math.max(1, ...rows.map((row) => row.calls + row.rejections));
  const start = windowStart(window, end, Math.min(...rows.map((row) => row.shown[0]?.at ?? end)));
  const x = (t: number) => ((Math.max(start, t) - start) / Math.max(1, end - start)) * W;
  return (
    <figure style={{ margin: '0 0 16px' }}>
      <figcaption style={styles.sectionTitle}>{`Breaker health (${window})`}</figcaption>
      <table style={{ ...styles.table, width: 'auto' }} aria-label={`Breaker health (${window})`}>
        <tbody>
          {rows.slice(0, limit).map(({ b, shown, calls, failures, rejections }) => {
            const radius = r(2 + (MAX_R - 2) * Math.sqrt((calls + rejections) / busiest));
            const yMax = niceMax(Math.max(0, ...shown.map((p) => (p.calls + p.rejections) / (p.spanMs / 1000))));
            const y = (v: number) => H - 2 - (v / yMax) * (H - 4);
            const totals =
              `${formatCount(calls)} calls · ${formatCount(failures)} failures · ` +
              `${formatCount(rejections)} rejected`;
            return (
              <tr key={b.name} data-breaker={b.name}>
                <td style={styles.td}>
                  <svg
                    width={2 * MAX_R}
                    height={2 * MAX_R}
                    role="img"
                    aria-label={`${b.name}: ${b.state}, ${formatCount(calls)} calls`}
                  >
                    <circle cx={MAX_R} cy={MAX_R} r={radius} fill={stateColours[b.state]} />
                  </svg>
                </td>
                <td style={styles.td}>{b.name}</td>
                <td style={styles.td}>
                  <svg
                    width={W}
                    height={H}
                    viewBox={`0 0 ${W} ${H}`}
                    role="img"
                    aria-label={`${b.name}: per second, up to ${axisNumber(yMax)}/s`}
                  >
                    <line x1={0} x2={W} y1={H - 2} y2={H - 2} stroke={colours.border} />
                    {LINES.map((l) =>
                      stepPoints(shown, (p) => p[l.key] / (p.spanMs / 1000), x, y, true).map((pts, i) => (
                        <polyline
                          key={`${l.key}${i}`}
                          data-series={l.key}
                          points={pts}
                          fill="none"
                          stroke={l.colour}
                          strokeWidth={1.2}
                        />
                      )),
                    )}
                  </svg>
                </td>
                <td style={{ ...styles.td, ...styles.number }}>{`max ${axisNumber(yMax)}/s`}</td>
                <td style={{ ...styles.td, ...styles.muted }}>{totals}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Legend
        title={`Breaker health (${window})`}
        entries={[
          ...LINES.map((l) => ({ label: `${l.label}/s`, colour: l.colour, dashed: true })),
          { label: 'dot: colour = state, size = calls in the window', colour: 'none' },
        ]}
      />
    </figure>
  );
});
