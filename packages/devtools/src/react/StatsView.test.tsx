import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatsView } from '../index.ts';
import { batch, snapshot, stats } from '../testing/messages.ts';
import { recordKrakenOutage } from '../testing/recordKrakenOutage.ts';
import { replay, replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

const table = (name: string) =>
  [...within(screen.getByRole('table', { name })).getAllByRole('row')].map((r) =>
    [...r.querySelectorAll('th, td')].map((c) => c.textContent),
  );

async function renderRecording() {
  const { store } = replayRecording(await recordKrakenOutage());
  const s = store.getSnapshot();
  const onCommand = vi.fn();
  render(<StatsView stats={s.stats} errorRate={s.errorRate} mode={s.mode} onCommand={onCommand} />);
  return { onCommand };
}

describe('StatsView', () => {
  it('shows totals, the error rate and the current mode', async () => {
    await renderRecording();
    expect(screen.getByTestId('total-errors').textContent).toBe('8');
    expect(screen.getByTestId('error-rate').textContent).toBe('2/min');
    expect(screen.getByTestId('mode').textContent).toBe('paper');
  });

  it('switches the mode back with a command', async () => {
    const { onCommand } = await renderRecording();
    fireEvent.click(screen.getByRole('button', { name: 'Switch to live' }));
    expect(onCommand.mock.calls).toEqual([[{ type: 'mode.set', mode: 'live' }]]);
  });

  it("shows an operator's paper hold and releases it with a command", () => {
    const onCommand = vi.fn();
    const { rerender } = render(
      <StatsView stats={stats({ mode: 'paper' })} errorRate={[]} mode="paper" modeHeld onCommand={onCommand} />,
    );
    expect(screen.getByTestId('mode').textContent).toBe('paper (held)');
    fireEvent.click(screen.getByRole('button', { name: 'Release hold' }));
    expect(onCommand.mock.calls).toEqual([[{ type: 'mode.release' }]]);
    rerender(<StatsView stats={stats({ mode: 'paper' })} errorRate={[]} mode="paper" onCommand={onCommand} />);
    expect([screen.getByTestId('mode').textContent, screen.queryByRole('button', { name: 'Release hold' })]).toEqual([
      'paper',
      null,
    ]);
  });

  it('counts errors by category, severity and component', async () => {
    await renderRecording();
    expect(table('By category')).toEqual([
      ['network', '6'],
      ['api', '1'],
      ['data', '1'],
      ['exchange', '0'],
      ['strategy', '0'],
      ['memory', '0'],
      ['config', '0'],
      ['system', '0'],
    ]);
    expect(table('By severity')).toEqual([
      ['low', '0'],
      ['medium', '8'],
      ['high', '0'],
      ['critical', '0'],
    ]);
    expect(table('By component')).toEqual([
      ['kraken', '6'],
      ['binance', '1'],
      ['coinbase', '1'],
    ]);
  });

  it('lists recovery actions with their successes and failures', async () => {
    await renderRecording();
    expect(table('Recovery actions')).toEqual([
      ['Action', 'Succeeded', 'Failed', 'Success rate'],
      ['retry_later', '0', '8', '0%'],
      ['serve_cached', '1', '0', '100%'],
    ]);
  });

  it('lists the most frequent failures', async () => {
    await renderRecording();
    expect(table('Top fingerprints').map((row) => row.slice(0, 3))).toEqual([
      ['Count', 'Error', 'Operation'],
      ['6', 'Error: kraken: read ECONNRESET', 'fetch_ticker'],
      ['1', 'BadResponse: corrupt ticker: last price is null', 'fetch_ticker'],
      ['1', 'RateLimitExceeded: 429 Too Many Requests', 'create_order'],
    ]);
  });

  it('draws the error rate over time as a sparkline', () => {
    const { store } = replay(
      [
        snapshot({ at: 0 }),
        batch(1, [], { at: 1_000, stats: stats({ errorRate: 10 }) }),
        batch(2, [], { at: 3_000, stats: stats({ errorRate: 5 }) }),
      ],
      3_000,
    );
    const s = store.getSnapshot();
    render(<StatsView stats={s.stats} errorRate={s.errorRate} mode={s.mode} onCommand={() => undefined} />);
    const chart = screen.getByRole('img', { name: 'Error rate over 3 points, latest 5/min' });
    expect(chart.querySelector('polyline')!.getAttribute('points')).toBe('2,38 80.7,2 238,20');
  });

  it('waits for the first snapshot', () => {
    render(<StatsView stats={null} errorRate={[]} mode={null} onCommand={() => undefined} />);
    expect(screen.getByText('Waiting for the first snapshot…')).toBeTruthy();
  });
});
