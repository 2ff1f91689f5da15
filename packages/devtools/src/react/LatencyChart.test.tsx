import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { LatencyChart } from './LatencyChart.tsx';

afterEach(cleanup);

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 0, 1, h, m, s);
const END = at(12, 5);
const point = (t: number, p50: number | null, p95: number | null, p99: number | null): BreakerPoint => ({
  at: t,
  spanMs: 1000,
  calls: 1,
  failures: 0,
  rejections: 0,
  failureCount: 0,
  failureThreshold: 5,
  p50,
  p95,
  p99,
});
const points = [
  point(at(10, 0), 100, 400, 900),
  point(at(12, 1), null, null, null),
  point(at(12, 2), 8, 32, 64),
  point(at(12, 4), 16, 64, 128),
];
const texts = (chart: Element, axis: string) =>
  [...chart.querySelectorAll(`[data-axis="${axis}"] text`)].map((t) => t.textContent);

describe('LatencyChart', () => {
  it('draws p50, p95 and p99 in milliseconds, skipping points without latency', () => {
    render(<LatencyChart name="kraken" points={points} window="5 min" end={END} />);
    const title = 'kraken: call latency p50 / p95 / p99 (5 min)';
    const chart = screen.getByRole('img', { name: title });
    expect(texts(chart, 'x')).toEqual(['12:00', '12:01', '12:02', '12:03', '12:04', '12:05']);
    expect(texts(chart, 'y')).toEqual(['0', '100', '200', 'ms']);
    expect(
      [...chart.querySelectorAll('polyline')].map((p) => [
        p.getAttribute('data-series'),
        p.getAttribute('points')!.split(' ').length,
      ]),
    ).toEqual([
      ['p50', 4],
      ['p95', 4],
      ['p99', 4],
    ]);
    expect(screen.getByRole('list', { name: `${title}: legend` }).textContent).toBe('p50p95p99');
  });

  it('switching the window to all takes in the older, slower calls', () => {
    const { rerender } = render(<LatencyChart name="kraken" points={points} window="5 min" end={END} />);
    rerender(<LatencyChart name="kraken" points={points} window="all" end={END} />);
    const chart = screen.getByRole('img', { name: 'kraken: call latency p50 / p95 / p99 (all)' });
    expect(texts(chart, 'x')).toEqual(['10:00', '10:30', '11:00', '11:30', '12:00']);
    expect(texts(chart, 'y')).toEqual(['0', '500', '1k', 'ms']);
  });

  it('says how to get latency when there is none', () => {
    render(<LatencyChart name="kraken" points={[point(at(12, 1), null, null, null)]} window="5 min" end={END} />);
    expect(
      screen.getByText(
        'No call latency of kraken yet: calls are timed while the panel watches, or with measureLatency.',
      ),
    ).toBeTruthy();
  });
});
