import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DevtoolsPanel } from './DevtoolsPanel.tsx';
import { recordKrakenOutage } from '../testing/recordKrakenOutage.ts';
import { replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

async function renderCharts() {
  const { store, clock } = replayRecording(await recordKrakenOutage());
  const ui = () => (
    <DevtoolsPanel
      state={store.getSnapshot()}
      clock={clock}
      onCommand={() => {}}
      onDismissCommandFailure={() => {}}
      tab="charts"
      onTab={() => {}}
    />
  );
  const view = render(ui());
  return { store, clock, rerender: () => view.rerender(ui()) };
}

const lane = (name: string) =>
  [
    ...screen.getByRole('img', { name: /^Breaker states/ }).querySelectorAll(`[data-lane="${name}"] rect[data-state]`),
  ].map((r) => r.getAttribute('data-state'));

describe('ChartsView (the Charts tab)', () => {
  it('charts a recorded outage: a state timeline of the transitions, errors by category, breaker health', async () => {
    await renderCharts();
    expect(lane('kraken')).toEqual(['CLOSED', 'OPEN', 'HALF_OPEN', 'OPEN']);
    const modes = screen.getByRole('img', { name: 'Breaker states (5 min)' }).querySelectorAll('[data-mode]');
    expect([...modes].map((m) => m.getAttribute('data-mode'))).toEqual(['live', 'paper']);
    expect(screen.getByRole('list', { name: 'Errors per second by category (5 min): legend' }).textContent).toBe(
      'networkapidata',
    );
    expect(screen.getAllByRole('row').map((row) => row.getAttribute('data-breaker'))).toEqual([
      'kraken',
      'binance',
      'coinbase',
    ]);
    expect(screen.getByRole('combobox')).toHaveProperty('value', 'kraken'); // closest to its threshold
    expect(screen.getByRole('img', { name: 'kraken: failures held against the threshold (5 min)' })).toBeTruthy();
  });

  it('the window buttons switch every chart, and the breaker select switches the per-breaker charts', async () => {
    await renderCharts();
    fireEvent.click(screen.getByRole('button', { name: '1 h' }));
    expect(screen.getByRole('button', { name: '1 h' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('img', { name: 'Breaker states (1 h)' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Errors per second by category (1 h)' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Breaker health (1 h)' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'binance' } });
    expect(screen.getByRole('img', { name: 'binance: failures held against the threshold (1 h)' })).toBeTruthy();
  });

  it('the time axis follows now', async () => {
    const { clock } = await renderCharts();
    const ticks = () =>
      [...screen.getByRole('img', { name: 'Breaker states (5 min)' }).querySelectorAll('[data-axis="x"] text')].map(
        (t) => t.textContent,
      );
    expect(ticks()).toEqual(['11:57', '11:58', '11:59', '12:00', '12:01']);
    await act(() => clock.advance(60_000));
    expect(ticks()).toEqual(['11:58', '11:59', '12:00', '12:01', '12:02']);
  });
});
