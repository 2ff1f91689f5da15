import { memo } from 'react';
import type { RatePoint } from '../state/DevtoolsState.ts';
import { colours } from './styles.ts';

export interface SparklineProps {
  points: readonly RatePoint[];
  width?: number;
  height?: number;
}

/** The error rate over time as one SVG polyline: x is time, y the errors per minute (0 at the bottom). */
export const Sparkline = memo(function Sparkline({ points, width = 240, height = 40 }: SparklineProps) {
  const latest = points[points.length - 1];
  const label = latest
    ? `Error rate over ${points.length} points, latest ${latest.errorRate}/min`
    : 'Error rate: no data yet';
  if (points.length === 0) {
    return <svg role="img" aria-label={label} width={width} height={height} />;
  }
  const t0 = points[0]!.at;
  const span = Math.max(1, latest!.at - t0);
  const max = Math.max(1, ...points.map((p) => p.errorRate));
  const pad = 2;
  const coords = points.map((p): [number, number] => [
    round(points.length === 1 ? width - pad : pad + ((p.at - t0) / span) * (width - 2 * pad)),
    round(height - pad - (p.errorRate / max) * (height - 2 * pad)),
  ]);
  const [lastX, lastY] = coords[coords.length - 1]!;
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <line x1={0} y1={height - pad} x2={width} y2={height - pad} stroke={colours.border} />
      <polyline
        points={coords.map(([x, y]) => `${x},${y}`).join(' ')}
        fill="none"
        stroke={colours.danger}
        strokeWidth={1.5}
      />
      <circle cx={lastX} cy={lastY} r={2} fill={colours.danger} />
    </svg>
  );
});

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
