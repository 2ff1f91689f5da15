import { DevtoolsFeed, ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TimelineView } from '../index.ts';
import { recordKrakenOutage } from '../testing/recordKrakenOutage.ts';
import { replay, replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

async function renderRecording() {
  const { store, clock } = replayRecording(await recordKrakenOutage());
  const s = store.getSnapshot();
  render(<TimelineView transitions={s.transitions} clockOffsetMs={s.clockOffsetMs} clock={clock} />);
  return { clock };
}

describe('TimelineView', () => {
  it('lists breaker transitions newest first, with their reasons', async () => {
    await renderRecording();
    const items = screen.getAllByRole('listitem').map((li) => [...li.children].map((c) => c.textContent).join(' | '));
    expect(items).toEqual([
      '12:01:00 | kraken | HALF_OPEN → OPEN | half-open-failure',
      '12:01:00 | kraken | OPEN → HALF_OPEN | recovery-timeout',
      '12:00:00 | kraken | CLOSED → OPEN | failure-threshold',
    ]);
  });

  it('draws a lane per breaker coloured by state, stretched to now', async () => {
    const { clock } = await renderRecording();
    const chart = screen.getByRole('img', { name: 'Breaker states from 12:00:00 to 12:01:00' });
    const segments = () =>
      [...chart.querySelectorAll('[data-lane="kraken"] rect')].map((r) => [
        r.getAttribute('data-state'),
        r.getAttribute('fill'),
      ]);
    expect(segments()).toEqual([
      ['OPEN', '#ef4444'],
      ['HALF_OPEN', '#f59e0b'],
      ['OPEN', '#ef4444'],
    ]);
    await act(() => clock.advance(60_000));
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Breaker states from 12:00:00 to 12:02:00');
  });

  // Issue #11: a panel opened after 36 transitions said "No breaker transitions yet".
  it('a panel opened after the incident shows it: the transitions come with the first snapshot', async () => {
    const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler(
      { circuitBreaker: { failureThreshold: 1, recoveryTimeoutMs: 60_000 } },
      { clock, random: seededRandom(1), recoveryActions: [] },
    );
    await handler.handle(handler.classify(new Error('down'), 'fetch_ticker', 'kraken'));
    await clock.advance(60_000);
    await handler.handle(handler.classify(new Error('down'), 'fetch_ticker', 'kraken'));
    handler.setMode('paper', 'exchange down'); // not a breaker: no row of the timeline
    const first = JSON.parse(JSON.stringify(new DevtoolsFeed(handler).snapshot())) as unknown;
    const { store } = replay([first, first], clock.now()); // a reconnect's snapshot repeats nothing
    const s = store.getSnapshot();
    render(<TimelineView transitions={s.transitions} clockOffsetMs={s.clockOffsetMs} clock={clock} />);
    const items = screen.getAllByRole('listitem').map((li) => [...li.children].map((c) => c.textContent).join(' | '));
    expect(items).toEqual([
      '12:01:00 | kraken | HALF_OPEN → OPEN | half-open-failure',
      '12:01:00 | kraken | OPEN → HALF_OPEN | recovery-timeout',
      '12:00:00 | kraken | CLOSED → OPEN | failure-threshold',
    ]);
  });

  it('says when there is nothing yet', () => {
    render(<TimelineView transitions={[]} clockOffsetMs={0} clock={new ManualClock(0)} />);
    expect(screen.getByText('No breaker transitions yet.')).toBeTruthy();
  });
});
