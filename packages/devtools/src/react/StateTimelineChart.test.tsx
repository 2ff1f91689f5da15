import type { BreakerStateEvent, CircuitState } from '@breakwater/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModeMark } from '../state/DevtoolsState.ts';
import { StateTimelineChart } from './StateTimelineChart.tsx';

afterEach(cleanup);

const at = (h: number, m: number, s = 0) => Date.UTC(2026, 0, 1, h, m, s);
const END = at(12, 5);
const t = (name: string, when: number, from: CircuitState, to: CircuitState): BreakerStateEvent => ({
  type: 'breaker.state',
  name,
  from,
  to,
  at: when,
  reason: 'reset',
});

// kraken opens, flaps 7 times in 2 minutes (20 s apart), then closes; binance opened an hour ago.
const oldestFirst = [
  t('binance', at(11, 0), 'CLOSED', 'OPEN'),
  t('kraken', at(12, 0), 'CLOSED', 'OPEN'),
  ...Array.from({ length: 7 }, (_, k) =>
    k % 2 === 0
      ? t('kraken', at(12, 1, 30) + k * 20_000, 'OPEN', 'HALF_OPEN')
      : t('kraken', at(12, 1, 30) + k * 20_000, 'HALF_OPEN', 'OPEN'),
  ),
  t('kraken', at(12, 4, 40), 'HALF_OPEN', 'CLOSED'),
];
const transitions = [...oldestFirst].reverse();
const modes: ModeMark[] = [
  { at: at(11, 0), mode: 'live' },
  { at: at(12, 2), mode: 'paper' },
  { at: at(12, 4), mode: 'live' },
];

const lane = (chart: Element, name: string) =>
  [...chart.querySelectorAll(`[data-lane="${name}"] rect[data-state]`)].map((r) => r.getAttribute('data-state'));
const ticks = (chart: Element) => [...chart.querySelectorAll('[data-axis="x"] text')].map((x) => x.textContent);

describe('StateTimelineChart', () => {
  it('a lane per breaker on a time axis, mode bands behind, and a flapping run collapsed and labelled', () => {
    render(<StateTimelineChart transitions={transitions} modes={modes} window="5 min" end={END} />);
    const title = 'Breaker states (5 min)';
    const chart = screen.getByRole('img', { name: title });
    expect([...chart.querySelectorAll('[data-lane]')].map((g) => g.getAttribute('data-lane'))).toEqual([
      'kraken',
      'binance',
    ]);
    expect(ticks(chart)).toEqual(['12:00', '12:01', '12:02', '12:03', '12:04', '12:05']);
    expect(lane(chart, 'kraken')).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
    expect(lane(chart, 'binance')).toEqual(['OPEN']); // opened before the window: drawn from its left edge
    const flaps = [...chart.querySelectorAll('[data-flapping]')].map((g) => g.querySelector('text')!.textContent);
    expect(flaps).toEqual(['flapping ×7, 2 min']);
    expect([...chart.querySelectorAll('[data-mode]')].map((g) => g.getAttribute('data-mode'))).toEqual([
      'live',
      'paper',
      'live',
    ]);
    expect([...screen.getByRole('list', { name: `${title}: legend` }).children].map((li) => li.textContent)).toEqual([
      'CLOSED',
      'HALF_OPEN',
      'OPEN',
      'flapping',
      'live',
      'paper',
    ]);
  });

  it('switching the window to all reaches back to the first transition', () => {
    const { rerender } = render(
      <StateTimelineChart transitions={transitions} modes={modes} window="5 min" end={END} />,
    );
    rerender(<StateTimelineChart transitions={transitions} modes={modes} window="all" end={END} />);
    const chart = screen.getByRole('img', { name: 'Breaker states (all)' });
    expect(ticks(chart)).toEqual(['11:00', '11:15', '11:30', '11:45', '12:00']);
    expect(lane(chart, 'kraken')).toEqual(['CLOSED', 'OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  it('transitions further apart than flapGapMs are drawn one by one', () => {
    render(<StateTimelineChart transitions={transitions} modes={[]} window="5 min" end={END} flapGapMs={10_000} />);
    const chart = screen.getByRole('img');
    expect(chart.querySelectorAll('[data-flapping]')).toHaveLength(0);
    expect(lane(chart, 'kraken')).toEqual([
      'OPEN',
      'HALF_OPEN',
      'OPEN',
      'HALF_OPEN',
      'OPEN',
      'HALF_OPEN',
      'OPEN',
      'HALF_OPEN',
      'CLOSED',
    ]);
  });

  it('says when there is nothing yet', () => {
    render(<StateTimelineChart transitions={[]} modes={modes} window="5 min" end={END} />);
    expect(screen.getByText('No breaker transitions yet.')).toBeTruthy();
  });
});
