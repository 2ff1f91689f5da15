import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevtoolsStore } from '../index.ts';
import { ChaosSwitches } from './ChaosSwitches.tsx';
import { ManualClock } from '@breakwater/core/testing';
import { batch, snapshot } from '../testing/messages.ts';

afterEach(cleanup);

const reset = { name: 'reset', kind: 'fault' as const, rate: 0.25, enabled: false, injected: 0 };
const maintenance = { name: 'maintenance', kind: 'outcome' as const, rate: 0.1, enabled: true, injected: 7 };

const rows = () =>
  [...within(screen.getByRole('table', { name: 'Chaos policies' })).getAllByRole('row')].map((r) =>
    [...r.querySelectorAll('th, td')].map((c) => c.textContent),
  );

describe('ChaosSwitches', () => {
  it('lists the policies with their switch, rate and hits, and asks the process to flip one', () => {
    const onCommand = vi.fn();
    render(<ChaosSwitches chaos={[reset, maintenance]} onCommand={onCommand} />);
    expect(rows()).toEqual([
      ['On', 'Policy', 'Kind', 'Rate', 'Injected'],
      ['', 'reset', 'fault', '25%', '0'],
      ['', 'maintenance', 'outcome', '10%', '7'],
    ]);
    const resetBox = screen.getByRole('checkbox', { name: 'Inject reset' }) as HTMLInputElement;
    const maintenanceBox = screen.getByRole('checkbox', { name: 'Inject maintenance' }) as HTMLInputElement;
    expect([resetBox.checked, maintenanceBox.checked]).toEqual([false, true]);
    fireEvent.click(resetBox);
    fireEvent.click(maintenanceBox);
    expect(onCommand.mock.calls).toEqual([
      [{ type: 'chaos.set', name: 'reset', enabled: true }],
      [{ type: 'chaos.set', name: 'maintenance', enabled: false }],
    ]);
  });

  it('shows nothing when the process offers no chaos policies', () => {
    const { container } = render(<ChaosSwitches chaos={[]} onCommand={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });

  it('follows the process: the list comes with the snapshot and every batch that carries one', () => {
    const store = new DevtoolsStore({ clock: new ManualClock(1_000), schedule: (flush) => flush() });
    expect(store.getSnapshot().chaos).toEqual([]);
    store.receive(snapshot({ chaos: [reset] }));
    const first = store.getSnapshot().chaos;
    expect(first).toEqual([reset]);
    store.receive(batch(1));
    expect(store.getSnapshot().chaos).toBe(first);
    store.receive(batch(2, [], { chaos: [{ ...reset }] }));
    expect(store.getSnapshot().chaos).toBe(first); // unchanged content keeps its object
    store.receive(batch(3, [], { chaos: [{ ...reset, enabled: true, injected: 2 }] }));
    expect(store.getSnapshot().chaos).toEqual([{ ...reset, enabled: true, injected: 2 }]);
  });
});
