import { ManualClock } from '@breakwater/core/testing';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DevtoolsPanel, DevtoolsStore, useDevtoolsState, type StatusListener } from '../index.ts';
import { breaker, snapshot } from '../testing/messages.ts';

afterEach(cleanup);

const REJECTED =
  'the server rejected this page’s token (401): probably the address of an earlier run; ' +
  'open the address the process printed this time';

function Panel({ store }: { store: DevtoolsStore }) {
  const state = useDevtoolsState(store);
  return (
    <DevtoolsPanel
      state={state}
      clock={new ManualClock(0)}
      onCommand={() => undefined}
      onDismissCommandFailure={() => undefined}
      tab="breakers"
      onTab={() => undefined}
    />
  );
}

function setup() {
  const store = new DevtoolsStore({ schedule: (flush) => flush() });
  let report: StatusListener = () => undefined;
  let send: (data: unknown) => void = () => undefined;
  render(<Panel store={store} />);
  act(
    () =>
      void store.connect({
        connect: (onMessage, onStatus) => ((send = onMessage), (report = onStatus), () => undefined),
        command: async () => undefined,
      }),
  );
  const body = () => screen.getByRole('tabpanel').textContent;
  return {
    store,
    body,
    report: (...args: Parameters<StatusListener>) => act(() => report(...args)),
    send: (data: unknown) => act(() => send(data)),
  };
}

describe('DevtoolsPanel while not connected', () => {
  it('says where the connection stands instead of "No circuit breakers yet"', () => {
    const { body, report, send } = setup();
    expect(body()).toBe('Connecting…');
    report('reconnecting', 'retrying in 2 s');
    expect(body()).toBe('Not connected (retrying in 2 s)');
    report('rejected', REJECTED);
    expect(body()).toBe(`Not connected (${REJECTED})`);
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe(`Token rejected (${REJECTED})`);
    report('open');
    expect(body()).toBe('Waiting for the first snapshot…');
    send(snapshot({ breakers: [] }));
    expect(body()).toBe('No circuit breakers yet.');
    report('closed');
    expect(body()).toBe('Not connected');
  });

  it('keeps what it knew visible when the connection drops', () => {
    const { body, report, send } = setup();
    report('open');
    send(snapshot({ breakers: [breaker('kraken')] }));
    report('reconnecting', 'retrying in 1 s');
    expect(body()).toContain('kraken');
  });

  it('keeps the status bar in view (sticky at the bottom)', () => {
    setup();
    const bar = screen.getByRole('status', { name: 'Connection' }).closest('footer')!;
    expect([bar.style.position, bar.style.bottom]).toEqual(['sticky', '0px']);
    fireEvent.scroll(screen.getByRole('tabpanel'));
  });
});
