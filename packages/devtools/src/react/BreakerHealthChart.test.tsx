import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerPoint } from '../state/DevtoolsState.ts';
import { breaker } from '../testing/messages.ts';
import { BreakerHealthChart } from './BreakerHealthChart.tsx';

afterEach(cleanup);

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 0, 1, h, m, s);
const END = at(12, 5);
const point = (t: number, calls: number, failures = 0, rejections = 0): BreakerPoint => ({
  at: t,
  spanMs: 1000,
  calls,
  failures,
  rejections,
  failureCount: failures,
  failureThreshold: 5,
  p50: null,
  p95: null,
  p99: null,
});
const breakers = new Map([
  ['binance', breaker('binance')],
  ['kraken', breaker('kraken', { state: 'OPEN' })],
]);
const series = new Map([
  ['kraken', [point(at(11, 0), 400), point(at(12, 4), 10, 4), point(at(12, 4, 1), 0, 0, 6)]],
  ['binance', [point(at(12, 3), 4)]],
]);

const rows = () =>
  screen.getAllByRole('row').map((row) => [...row.querySelectorAll('td')].slice(1).map((td) => td.textContent));

describe('BreakerHealthChart', () => {
  it('a row per breaker, busiest first: a dot by state and volume, a sparkline of calls, failures, rejections', () => {
    render(<BreakerHealthChart breakers={breakers} series={series} window="5 min" end={END} />);
    expect(rows()).toEqual([
      ['kraken', '', 'max 10/s', '10 calls · 4 failures · 6 rejected'],
      ['binance', '', 'max 5/s', '4 calls · 0 failures · 0 rejected'],
    ]);
    const kraken = screen.getByRole('img', { name: 'kraken: OPEN, 10 calls' }).querySelector('circle')!;
    expect([kraken.getAttribute('fill'), kraken.getAttribute('r')]).toEqual(['#ef4444', '10']);
    const binance = screen.getByRole('img', { name: 'binance: CLOSED, 4 calls' }).querySelector('circle')!;
    // 2 + 8·√(4 / 16): area ∝ volume
    expect([binance.getAttribute('fill'), binance.getAttribute('r')]).toEqual(['#22c55e', '6']);
    const spark = screen.getByRole('img', { name: 'kraken: per second, up to 10/s' });
    expect([...spark.querySelectorAll('polyline')].map((p) => p.getAttribute('data-series'))).toEqual([
      'calls',
      'failures',
      'rejections',
    ]);
    expect(screen.getByRole('list', { name: 'Breaker health (5 min): legend' }).textContent).toBe(
      'calls/sfailures/srejections/sdot: colour = state, size = calls in the window',
    );
  });

  it('switching the window to all counts the older calls', () => {
    const { rerender } = render(<BreakerHealthChart breakers={breakers} series={series} window="5 min" end={END} />);
    rerender(<BreakerHealthChart breakers={breakers} series={series} window="all" end={END} />);
    expect(rows()[0]).toEqual(['kraken', '', 'max 500/s', '410 calls · 4 failures · 6 rejected']);
    expect(
      screen.getByRole('img', { name: 'binance: CLOSED, 4 calls' }).querySelector('circle')!.getAttribute('r'),
    ).toBe('2.8');
  });
});
