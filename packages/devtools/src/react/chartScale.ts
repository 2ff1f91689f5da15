import type { Span } from '../state/DevtoolsState.ts';
import { formatTime } from './format.ts';

// Scales and ticks shared by the charts: plain arithmetic, so the panel ships no charting library (see README).

export type ChartWindow = '5 min' | '1 h' | 'all';
export const CHART_WINDOWS: readonly ChartWindow[] = ['5 min', '1 h', 'all'];
const WINDOW_MS: Record<ChartWindow, number> = { '5 min': 300_000, '1 h': 3_600_000, all: Infinity };

/** Where a chart's time axis starts: the window before `end`, or (`all`) the earliest time it has data for. */
export function windowStart(window: ChartWindow, end: number, earliest: number | undefined): number {
  const start = end - WINDOW_MS[window];
  return Number.isFinite(start) ? start : Math.min(earliest ?? end, end - 1000);
}

/** The points that overlap `[start, …)`. */
export function inWindow<P extends Span>(points: readonly P[], start: number): readonly P[] {
  let i = 0;
  while (i < points.length && points[i]!.at + points[i]!.spanMs <= start) i++;
  return i === 0 ? points : points.slice(i);
}

/** The smallest 1, 2 or 5 × 10^k at or above `v` (at least `floor`): a y axis that ends on a round number. */
export function niceMax(v: number, floor = 1): number {
  const target = Math.max(v, floor);
  const p = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (m * p >= target - 1e-9) return m * p;
  return 10 * p;
}

const STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);

/** Round times in `[start, end]`, at most `max` of them, and the step between them. */
export function timeTicks(start: number, end: number, max = 6): { ticks: number[]; stepMs: number } {
  const span = Math.max(1, end - start);
  const stepMs = STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / stepMs) * stepMs; t <= end; t += stepMs) ticks.push(t);
  return { ticks, stepMs };
}

/** `HH:MM:SS`, or `HH:MM` when the ticks are whole minutes apart. */
export function tickLabel(t: number, stepMs: number): string {
  const full = formatTime(t);
  return stepMs % 60_000 === 0 ? full.slice(0, 5) : full;
}

/** A short number for an axis: `0`, `0.5`, `12`, `1.5k`. */
export function axisNumber(n: number): string {
  if (n >= 1000) return `${Math.round(n / 100) / 10}k`;
  return String(Math.round(n * 100) / 100);
}

/**
 * A step line through spans (`value` per point, held across its span), dropping to zero across gaps when
 * `gapsAreZero` (rates: no message means nothing happened). As SVG polyline points.
 */
export function stepPoints<P extends Span>(
  points: readonly P[],
  value: (p: P) => number | null,
  x: (t: number) => number,
  y: (v: number) => number,
  gapsAreZero: boolean,
): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  const at = (t: number, v: number) => line.push(`${r(x(t))},${r(y(v))}`);
  points.forEach((p, i) => {
    const v = value(p);
    if (v === null) {
      if (line.length > 0) lines.push(line.join(' '));
      line = [];
      return;
    }
    if (gapsAreZero && line.length === 0) at(p.at, 0);
    at(p.at, v);
    at(p.at + p.spanMs, v);
    const next = points[i + 1];
    if (gapsAreZero && (!next || next.at > p.at + p.spanMs)) {
      at(p.at + p.spanMs, 0);
      if (next) at(next.at, 0);
    }
  });
  if (line.length > 0) lines.push(line.join(' '));
  return lines;
}

/** One decimal: short SVG attributes, stable test output. */
export function r(n: number): number {
  return Math.round(n * 10) / 10;
}
