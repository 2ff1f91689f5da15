import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CategoryPoint } from '../state/DevtoolsState.ts';
import { ErrorRateChart } from './ErrorRateChart.tsx';

afterEach(cleanup);

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 0, 1, h, m, s);
const END = at(12, 5);
const point = (t: number, counts: Record<string, number>): CategoryPoint => ({ at: t, spanMs: 1000, counts });
const points = [
  point(at(11, 0), { network: 10 }),
  point(at(12, 4), { network: 3, api: 1 }),
  point(at(12, 4, 30), { network: 2 }),
];

const texts = (chart: Element, axis: string) =>
  [...chart.querySelectorAll(`[data-axis="${axis}"] text`)].map((t) => t.textContent);
const legend = (title: string) => screen.getByRole('list', { name: `${title}: legend` }).textContent;
const bars = (chart: Element, series: string) => chart.querySelectorAll(`[data-series="${series}"] rect`).length;

describe('ErrorRateChart', () => {
  it('stacks errors per second by category over the last 5 minutes, with axes, unit and legend', () => {
    render(<ErrorRateChart points={points} window="5 min" end={END} />);
    const title = 'Errors per second by category (5 min)';
    const chart = screen.getByRole('img', { name: title });
    expect(texts(chart, 'x')).toEqual(['12:00', '12:01', '12:02', '12:03', '12:04', '12:05']);
    expect(texts(chart, 'y')).toEqual(['0', '2.5', '5', 'errors/s']);
    expect([bars(chart, 'network'), bars(chart, 'api')]).toEqual([2, 1]);
    // api sits on network's 3/s: from 3 to 4 of a 0-5 axis
    const api = chart.querySelector('[data-series="api"] rect')!;
    expect([api.getAttribute('y'), api.getAttribute('height')]).toEqual(['34.4', '22.4']);
    expect(legend(title)).toBe('networkapi');
  });

  it('switching the window to all shows the older errors and rescales', () => {
    const { rerender } = render(<ErrorRateChart points={points} window="5 min" end={END} />);
    rerender(<ErrorRateChart points={points} window="all" end={END} />);
    const chart = screen.getByRole('img', { name: 'Errors per second by category (all)' });
    expect(texts(chart, 'x')).toEqual(['11:00', '11:15', '11:30', '11:45', '12:00']);
    expect(texts(chart, 'y')).toEqual(['0', '5', '10', 'errors/s']);
    expect(bars(chart, 'network')).toBe(3);
  });

  it('says when the window holds no errors', () => {
    render(<ErrorRateChart points={[point(at(11, 0), { network: 1 })]} window="1 h" end={at(12, 30)} />);
    expect(screen.getByText('No errors in the window (1 h).')).toBeTruthy();
  });
});
