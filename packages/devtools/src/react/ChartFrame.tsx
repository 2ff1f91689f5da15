import type { ReactNode } from 'react';
import { axisNumber, r, tickLabel, timeTicks } from './chartScale.ts';
import { colours, styles } from './styles.ts';

export interface LegendEntry {
  label: string;
  colour: string;
  /** Drawn dashed (a threshold). */
  dashed?: boolean;
}

export interface ChartFrameProps {
  /** The chart's accessible name and caption. */
  title: string;
  start: number;
  end: number;
  /** Top of the y axis (0 is the bottom); its unit is written beside it. */
  yMax: number;
  yUnit: string;
  legend: readonly LegendEntry[];
  width?: number;
  height?: number;
  /** What is drawn inside the axes, given the scales. */
  children: (x: (t: number) => number, y: (v: number) => number) => ReactNode;
}

const LEFT = 44;
const BOTTOM = 16;
const TOP = 12;
const RIGHT = 8;

/** Axes (time along the bottom, a value up the left with its unit), light grid lines, a caption and a legend. */
export function ChartFrame({
  title,
  start,
  end,
  yMax,
  yUnit,
  legend,
  width = 720,
  height = 140,
  children,
}: ChartFrameProps) {
  const span = Math.max(1, end - start);
  const x = (t: number) => LEFT + ((Math.min(end, Math.max(start, t)) - start) / span) * (width - LEFT - RIGHT);
  const y = (v: number) => height - BOTTOM - (Math.min(v, yMax) / yMax) * (height - BOTTOM - TOP);
  const { ticks, stepMs } = timeTicks(start, end);
  const yTicks = [0, yMax / 2, yMax];
  return (
    <figure style={{ ...styles.section, margin: '0 0 16px' }}>
      <figcaption style={styles.sectionTitle}>{title}</figcaption>
      <svg
        role="img"
        aria-label={title}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width, display: 'block' }}
      >
        <g data-axis="y" fill={colours.muted} fontSize={10} textAnchor="end">
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={LEFT} x2={width - RIGHT} y1={r(y(v))} y2={r(y(v))} stroke={colours.border} />
              <text x={LEFT - 4} y={r(y(v)) + 3}>
                {axisNumber(v)}
              </text>
            </g>
          ))}
          <text data-unit x={0} y={TOP - 3} textAnchor="start">
            {yUnit}
          </text>
        </g>
        <g data-axis="x" fill={colours.muted} fontSize={10} textAnchor="middle">
          {ticks.map((t) => (
            <text key={t} x={r(x(t))} y={height - 3}>
              {tickLabel(t, stepMs)}
            </text>
          ))}
        </g>
        {children(x, y)}
      </svg>
      <Legend title={title} entries={legend} />
    </figure>
  );
}

/** The entries of a chart, named after it (`<title>: legend`) so each chart's legend can be found. */
export function Legend({ title, entries }: { title: string; entries: readonly LegendEntry[] }) {
  return (
    <ul
      aria-label={`${title}: legend`}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', margin: 0, padding: 0 }}
    >
      {entries.map((e) => (
        <li key={e.label}>
          <span style={{ ...styles.dot, borderRadius: 0, height: e.dashed ? 2 : 8, background: e.colour }} />
          {e.label}
        </li>
      ))}
    </ul>
  );
}
