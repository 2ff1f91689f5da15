import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatus, DevtoolsStore, useDevtoolsState, type StatusListener } from '../index.ts';

afterEach(cleanup);

function Status({ store }: { store: DevtoolsStore }) {
  return <ConnectionStatus connection={useDevtoolsState(store).connection} />;
}

describe('ConnectionStatus', () => {
  it('follows the source through connecting, open, reconnecting and closed', () => {
    const store = new DevtoolsStore({ schedule: (flush) => flush() });
    let report: StatusListener = () => undefined;
    render(<Status store={store} />);
    const shown = () => [
      screen.getByRole('status', { name: 'Connection' }).textContent,
      screen.getByRole('status').getAttribute('data-connection'),
    ];
    expect(shown()).toEqual(['Connecting…', 'connecting']);
    let stop = () => undefined as void;
    act(() => {
      stop = store.connect({
        connect: (_, onStatus) => ((report = onStatus), () => undefined),
        command: async () => undefined,
      });
    });
    act(() => report('open'));
    expect(shown()).toEqual(['Connected', 'open']);
    act(() => report('reconnecting', 'retrying in 4 s'));
    expect(shown()).toEqual(['Reconnecting… (retrying in 4 s)', 'reconnecting']);
    act(() => report('reconnecting', 'attempt 4'));
    expect(shown()).toEqual(['Reconnecting… (attempt 4)', 'reconnecting']);
    act(() => report('open'));
    expect(shown()).toEqual(['Connected', 'open']);
    act(() => stop());
    expect(shown()).toEqual(['Disconnected', 'closed']);
  });
});
