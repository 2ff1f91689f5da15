import { type DevtoolsCommand } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetDevtools, type DevtoolsSource, type FleetSource, type MessageListener } from '../index.ts';
import { breaker, errorRecord, snapshot } from '../testing/messages.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

// React 19's act() returns a thenable for a sync callback too, and awaiting it flushes the work the callback
// scheduled; @types/react types that overload `void`, hence the cast.
const actNow = (run: () => void) => act(run) as unknown as Promise<void>;
const frame = () => actNow(() => void vi.advanceTimersToNextFrame());
const T0 = 1_700_000_000_000;

/** A process the test speaks for; it records the commands it is sent. */
function scriptedProcess(label: string) {
  let send: MessageListener = () => undefined;
  const commands: DevtoolsCommand[] = [];
  const source: DevtoolsSource = {
    connect(onMessage, onStatus) {
      send = onMessage;
      onStatus('open');
      return () => undefined;
    },
    command: async (command) => void commands.push(command),
  };
  const entry: FleetSource = { source, label };
  return { entry, commands, send: (data: unknown) => act(() => send(data)) };
}

const rowNames = () => [...document.querySelectorAll('[data-breaker]')].map((row) => row.getAttribute('data-breaker'));

describe('FleetDevtools', () => {
  it('shows two processes’ breakers with their names, sends a reset to the process owning the breaker', async () => {
    const a = scriptedProcess('127.0.0.1:5001');
    const b = scriptedProcess('127.0.0.1:5002');
    render(<FleetDevtools sources={[a.entry, b.entry]} clock={new ManualClock(T0)} />);
    await frame();
    // Until their snapshots arrive, the processes go by their addresses.
    expect(screen.getByTestId('fleet-processes').textContent).toBe('127.0.0.1:5001, 127.0.0.1:5002');

    a.send(
      snapshot({
        process: 'bot-1',
        at: T0,
        breakers: [breaker('kraken-api', { state: 'OPEN', openedAt: T0 - 1000, failureCount: 5 })],
      }),
    );
    b.send(
      snapshot({
        process: 'bot-2',
        at: T0,
        breakers: [breaker('kraken-api')],
        history: [errorRecord(1, { component: 'orders', timestamp: T0 - 10 })],
      }),
    );
    await frame();
    expect(screen.getByTestId('fleet-processes').textContent).toBe('bot-1, bot-2');
    expect(rowNames()).toEqual(['bot-1 / kraken-api', 'bot-2 / kraken-api']);
    expect(document.querySelector('[data-breaker="bot-1 / kraken-api"] [data-state]')?.textContent).toBe('OPEN');
    expect(document.querySelector('[data-breaker="bot-2 / kraken-api"] [data-state]')?.textContent).toBe('CLOSED');

    fireEvent.click(screen.getByRole('button', { name: 'Reset bot-1 / kraken-api' }));
    expect(screen.getByRole('group', { name: 'Confirm reset bot-1 / kraken-api' }).textContent).toBe(
      'Reset bot-1 / kraken-api?ConfirmCancel',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(a.commands).toEqual([{ type: 'breaker.reset', name: 'kraken-api' }]);
    expect(b.commands).toEqual([]);

    fireEvent.click(screen.getByRole('tab', { name: /History/ }));
    expect(document.querySelector('[data-error="e-1"]')?.textContent).toContain('bot-2 / orders');
  });

  it('picks one process: its own breakers under their own names, commands to it alone', async () => {
    const a = scriptedProcess('a');
    const b = scriptedProcess('b');
    render(<FleetDevtools sources={[a.entry, b.entry]} clock={new ManualClock(T0)} />);
    a.send(snapshot({ process: 'bot-1', at: T0, breakers: [breaker('kraken-api')] }));
    b.send(snapshot({ process: 'bot-2', at: T0, breakers: [breaker('binance-api')] }));
    await frame();
    const picker = screen.getByRole('combobox', { name: 'Process' });
    expect([...picker.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'All processes (2)',
      'bot-1 — open',
      'bot-2 — open',
    ]);
    fireEvent.change(picker, { target: { value: '1' } });
    expect(rowNames()).toEqual(['binance-api']);
    fireEvent.click(screen.getByRole('button', { name: 'Isolate binance-api' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(b.commands).toEqual([{ type: 'breaker.isolate', name: 'binance-api' }]);
    expect(a.commands).toEqual([]);
  });
});
