import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BreakersView, DevtoolsStore } from '../index.ts';
import { breaker, snapshot } from '../testing/messages.ts';
import { recordKrakenOutage, T0 } from '../testing/recordKrakenOutage.ts';
import { replay, replayRecording } from '../testing/replay.ts';

afterEach(cleanup);

const cells = (row: Element) => [...row.querySelectorAll('td')].map((c) => c.textContent);
// Plain selectors: role queries over hundreds of rows are slow in happy-dom.
const rows = () => [...document.querySelectorAll('tbody tr')];

async function renderRecording() {
  const { store, clock } = replayRecording(await recordKrakenOutage());
  const onCommand = vi.fn();
  const s = store.getSnapshot();
  const view = render(
    <BreakersView breakers={s.breakers} clockOffsetMs={s.clockOffsetMs} clock={clock} onCommand={onCommand} />,
  );
  return { store, clock, onCommand, view };
}

describe('BreakersView', () => {
  it('a row per breaker, open ones first: state, failures vs threshold, rates, countdown, last failure', async () => {
    await renderRecording();
    expect(rows().map(cells)).toEqual([
      ['kraken', 'OPEN', '5/5', '0%', '6', '0', 'half-open in 1 min', '12:01:00', 'ResetIsolate'],
      ['binance', 'CLOSED', '0/5', '100%', '1', '0', '—', '—', 'ResetIsolate'],
      ['coinbase', 'CLOSED', '1/5', '0%', '1', '0', '—', '12:01:00', 'ResetIsolate'],
    ]);
    expect(screen.getByText('3 breakers: 1 open, 0 half-open, 2 closed')).toBeTruthy();
  });

  it('colours the state as well as naming it', async () => {
    await renderRecording();
    const [kraken, binance] = rows().map((r) => r.querySelector('[data-state]') as HTMLElement);
    expect([kraken!.dataset['state'], kraken!.style.color]).toEqual(['OPEN', '#ef4444']);
    expect([binance!.dataset['state'], binance!.style.color]).toEqual(['CLOSED', '#22c55e']);
  });

  it('counts down to half-open on the panel clock, second by second', async () => {
    const { clock } = await renderRecording();
    // kraken reopened at T0 + 60,250 for 60 s; the panel is at T0 + 60,500.
    const countdown = () => cells(rows()[0]!)[6];
    await act(() => clock.advance(750));
    expect(countdown()).toBe('half-open in 59 s');
    await act(() => clock.advance(47_000));
    expect(countdown()).toBe('half-open in 12 s');
    await act(() => clock.advance(11_999));
    expect(countdown()).toBe('half-open in 1 s');
    await act(() => clock.advance(1));
    expect(countdown()).toBe('half-open on next call');
    expect(clock.pendingSleeps).toBe(0); // nothing left to count: no more ticks
  });

  it('asks before sending reset or isolate (an inline confirm), and sends nothing when cancelled', async () => {
    const { onCommand } = await renderRecording();
    fireEvent.click(screen.getByRole('button', { name: 'Reset kraken' }));
    expect(onCommand).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Confirm reset kraken' }).textContent).toBe('Reset kraken?ConfirmCancel');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Confirm reset kraken' })).toBeNull();
    expect(onCommand).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Reset kraken' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    fireEvent.click(screen.getByRole('button', { name: 'Isolate coinbase' }));
    expect(screen.getByRole('group', { name: 'Confirm isolate coinbase' }).textContent).toBe(
      'Isolate coinbase? It rejects every call until released.ConfirmCancel',
    );
    fireEvent.keyDown(screen.getByRole('button', { name: 'Confirm' }), { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Isolate coinbase' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(onCommand.mock.calls).toEqual([
      [{ type: 'breaker.reset', name: 'kraken' }],
      [{ type: 'breaker.isolate', name: 'coinbase' }],
    ]);
  });

  it('shows an isolated breaker as held open, its isolate button turned into release (a reset)', () => {
    const { store, clock } = replay(
      [snapshot({ breakers: [breaker('kraken', { state: 'OPEN', isolated: true, openedAt: 500 })] })],
      1_000,
    );
    const s = store.getSnapshot();
    const onCommand = vi.fn();
    render(<BreakersView breakers={s.breakers} clockOffsetMs={0} clock={clock} onCommand={onCommand} />);
    expect(cells(rows()[0]!).slice(0, 7)).toEqual(['kraken', 'OPEN (isolated)', '0/5', '100%', '10', '0', 'held open']);
    expect(screen.queryByRole('button', { name: 'Isolate kraken' })).toBeNull();
    const release = screen.getByRole('button', { name: 'Release kraken' });
    expect([release.textContent, release.getAttribute('aria-pressed')]).toEqual(['Release', 'true']);
    fireEvent.click(release);
    expect(screen.getByRole('group', { name: 'Confirm release kraken' }).textContent).toBe(
      'Release kraken?ConfirmCancel',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(onCommand.mock.calls).toEqual([[{ type: 'breaker.reset', name: 'kraken' }]]);
  });

  it('filters by name and renders at most a page of rows, with more on request', () => {
    const many = Array.from({ length: 250 }, (_, i) => breaker(`venue-${String(i).padStart(3, '0')}`));
    const { store, clock } = replay([snapshot({ breakers: many })], T0);
    const s = store.getSnapshot();
    render(<BreakersView breakers={s.breakers} clockOffsetMs={0} clock={clock} onCommand={() => undefined} />);
    expect(rows()).toHaveLength(200);
    expect(screen.getByText('Show more (50 hidden)')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText('Filter breakers'), { target: { value: 'venue-24' } });
    expect(rows().map((r) => cells(r)[0])).toEqual(Array.from({ length: 10 }, (_, i) => `venue-24${i}`));
    cleanup();
    render(
      <BreakersView breakers={s.breakers} clockOffsetMs={0} clock={clock} onCommand={() => undefined} pageSize={20} />,
    );
    fireEvent.change(screen.getByPlaceholderText('Filter breakers'), { target: { value: 'venue-0' } });
    fireEvent.click(screen.getByText('Show more (80 hidden)'));
    expect(rows()).toHaveLength(40);
  });

  it('re-renders only the rows whose breaker changed', async () => {
    const store = new DevtoolsStore({ schedule: (flush) => flush() });
    store.receive(snapshot({ breakers: [breaker('a'), breaker('b')] }));
    const { clock } = replay([], 0);
    const before = store.getSnapshot();
    const view = render(
      <BreakersView breakers={before.breakers} clockOffsetMs={0} clock={clock} onCommand={() => undefined} />,
    );
    const rowA = view.container.querySelector('[data-breaker="a"] td')!;
    const textA = rowA.firstChild;
    store.receive({ ...snapshot({ seq: 1, breakers: [breaker('a'), breaker('b', { state: 'OPEN', openedAt: 0 })] }) });
    view.rerender(
      <BreakersView
        breakers={store.getSnapshot().breakers}
        clockOffsetMs={0}
        clock={clock}
        onCommand={() => undefined}
      />,
    );
    expect(store.getSnapshot().breakers.get('a')).toBe(before.breakers.get('a'));
    expect(view.container.querySelector('[data-breaker="a"] td')!.firstChild).toBe(textA);
    expect(rows().map((r) => cells(r)[1])).toEqual(['OPEN', 'CLOSED']);
  });
});
