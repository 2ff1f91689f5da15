import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { FailureThresholdChart } from './FailureThresholdChart.tsx';

afterEach(cleanup);

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 0, 1, h, m, s);
const END = at(12, 5);
const point = (t: number, failureCount: number, failureThreshold = 5): BreakerPoint => ({
  at: t,
  spanMs: 1000,
  calls: 1,
  failures: 0,
  rejections: 0,
  failureCount,
  failureThreshold,
  p50: null,
  p95: null,
  p99: null,
});
const points = [point(at(11, 30), 12, 10), point(at(12, 2), 1), point(at(12, 3), 4)];
const texts = (chart: Element, axis: string) =>
  [...chart.querySelectorAll(`[data-axis="${axis}"] text`)].map((t) => t.textContent);

describe('FailureThresholdChart', () => {
  it('draws the failures held as a step line against the dashed threshold', () => {
    render(<FailureThresholdChart name="kraken" points={points} window="5 min" end={END} />);
    const title = 'kraken: failures held against the threshold (5 min)';
    const chart = screen.getByRole('img', { name: title });
    expect(texts(chart, 'x')).toEqual(['12:00', '12:01', '12:02', '12:03', '12:04', '12:05']);
    expect(texts(chart, 'y')).toEqual(['0', '2.5', '5', 'failures']);
    const threshold = chart.querySelector('[data-series="threshold"]')!;
    expect([threshold.getAttribute('y1'), threshold.getAttribute('stroke-dasharray')]).toEqual(['12', '4 3']);
    expect(chart.querySelectorAll('polyline[data-series="failures"]')).toHaveLength(1);
    // Two points, held across their second.
    expect(chart.querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(4);
    expect(screen.getByRole('list', { name: `${title}: legend` }).textContent).toBe('failures heldthreshold 5');
  });

  it('switching the window to 1 h takes in the older points (a breaker made with another threshold)', () => {
    const { rerender } = render(<FailureThresholdChart name="kraken" points={points} window="5 min" end={END} />);
    rerender(<FailureThresholdChart name="kraken" points={points} window="1 h" end={END} />);
    const chart = screen.getByRole('img', { name: 'kraken: failures held against the threshold (1 h)' });
    expect(texts(chart, 'x')).toEqual(['11:10', '11:20', '11:30', '11:40', '11:50', '12:00']);
    expect(texts(chart, 'y')).toEqual(['0', '10', '20', 'failures']);
    expect(chart.querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(6);
  });

  it('says when the window holds no calls', () => {
    render(<FailureThresholdChart name="kraken" points={[]} window="all" end={END} />);
    expect(screen.getByText('No calls of kraken in the window (all).')).toBeTruthy();
  });
});
