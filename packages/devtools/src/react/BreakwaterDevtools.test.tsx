import { ErrorHandler } from '@breakwater/core';
import { ManualClock, seededRandom } from '@breakwater/core/testing';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BreakwaterDevtools, type DevtoolsSource, type MessageListener } from '../index.ts';
import { batch, breaker, snapshot } from '../testing/messages.ts';

// The panel renders once per animation frame; the test moves frames by hand.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// React 19's act() returns a thenable for a sync callback too, and awaiting it flushes the work the callback
// scheduled; @types/react types that overload `void`, hence the cast.
const actNow = (run: () => void) => act(run) as unknown as Promise<void>;
const frame = () => actNow(() => void vi.advanceTimersToNextFrame());
const stateOf = (name: string) => document.querySelector(`[data-breaker="${name}"] [data-state]`)?.textContent;
const T0 = 1_700_000_000_000;

/** A source the test speaks for: it hands over whatever the test sends, valid or not. */
function scriptedSource(command: DevtoolsSource['command'] = async () => undefined) {
  let send: MessageListener = () => undefined;
  const source: DevtoolsSource = {
    connect(onMessage, onStatus) {
      send = onMessage;
      onStatus('open');
      return () => undefined;
    },
    command,
  };
  return { source, send: (data: unknown) => act(() => send(data)) };
}

describe('BreakwaterDevtools', () => {
  it('in-page, end to end: a real handler’s breaker opens, shows on the toggle and the panel, resets', async () => {
    const clock = new ManualClock(T0);
    const handler = new ErrorHandler(
      { circuitBreaker: { failureThreshold: 2, recoveryTimeoutMs: 30_000 } },
      { clock, random: seededRandom(1), recoveryActions: [] },
    );
    render(<BreakwaterDevtools handler={handler} />);
    await frame();
    const toggle = screen.getByRole('button', { name: 'Open Breakwater devtools' });
    expect(toggle.textContent).toBe('Breakwater');

    for (let i = 0; i < 2; i++)
      await handler.handle(
        handler.classify(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'fetch_ticker', 'kraken'),
      );
    await act(() => clock.advance(250)); // the feed's batch
    await frame();
    expect(toggle.textContent).toBe('Breakwater1');

    fireEvent.click(toggle);
    expect(screen.getByRole('region', { name: 'Breakwater devtools' })).toBeTruthy();
    expect(stateOf('kraken')).toBe('OPEN');
    expect(screen.getByText('half-open in 30 s')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Connected');

    fireEvent.click(screen.getByRole('button', { name: 'Reset kraken' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await act(() => clock.advance(250));
    await frame();
    expect(stateOf('kraken')).toBe('CLOSED');
    expect(screen.getByRole('status', { name: 'Command result' }).textContent).toBe('kraken: reset ×');
    expect(handler.getCircuitBreaker('kraken').state).toBe('CLOSED');

    fireEvent.click(screen.getByRole('tab', { name: 'Timeline (2)' }));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '22:13:20krakenOPEN → CLOSEDreset',
      '22:13:20krakenCLOSED → OPENfailure-threshold',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Close Breakwater devtools' }));
    expect(screen.queryByRole('region', { name: 'Breakwater devtools' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Open Breakwater devtools' }).textContent).toBe('Breakwater');
  });

  it('puts a red badge with the open-breaker count on the floating button', async () => {
    const { source, send } = scriptedSource();
    render(<BreakwaterDevtools source={source} clock={new ManualClock(1_000)} />);
    send(
      snapshot({
        breakers: [
          breaker('a', { state: 'OPEN', openedAt: 0 }),
          breaker('b', { state: 'OPEN', isolated: true, openedAt: 0 }),
          breaker('c', { state: 'HALF_OPEN' }),
          breaker('d'),
        ],
      }),
    );
    await frame();
    const badge = screen.getByTestId('open-breakers');
    expect([badge.textContent, badge.getAttribute('aria-label'), badge.style.background, badge.style.color]).toEqual([
      '2',
      '2 open breakers',
      '#ef4444',
      '#ffffff',
    ]);
    expect(screen.getByRole('button', { name: 'Open Breakwater devtools' }).getAttribute('aria-describedby')).toBe(
      badge.id,
    );
    send(batch(1, [], { breakers: [breaker('a'), breaker('b')] }));
    await frame();
    expect(screen.queryByTestId('open-breakers')).toBeNull();
  });

  it('reports a message that fails validation in the panel and keeps working', async () => {
    const { source, send } = scriptedSource();
    render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(1_000)} />);
    send(snapshot({ breakers: [breaker('kraken')] }));
    await frame();
    send('{"type":"batch","version":1,"seq":"x","at":1,"events":[],"dropped":0,"breakers":[]}');
    await frame();
    expect(screen.getByRole('alert').textContent).toBe(
      'Invalid devtools message: seq: Invalid input: expected number, received string; ' +
        'stats: Invalid input: expected object, received undefined',
    );
    send('not json');
    await frame();
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Invalid devtools message: not JSON \(.*\) \(2 invalid messages\)$/,
    );
    send(batch(1, [], { breakers: [breaker('kraken', { state: 'OPEN', openedAt: 1_000 })] }));
    await frame();
    expect(stateOf('kraken')).toBe('OPEN');
    expect(screen.getByText('seq 1')).toBeTruthy();
  });

  it('confirms, then toasts the command’s result: success fades after 5 s, an error stays until closed', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const refuse = { next: false };
    const { source, send } = scriptedSource(async (command) => {
      if (refuse.next)
        throw new Error(
          'remoteSource: POST /api/breakers/kraken/isolate failed: ' +
            `404 no circuit breaker named "kraken" (${command.type})`,
        );
    });
    render(<BreakwaterDevtools source={source} initialOpen clock={new ManualClock(1_000)} />);
    send(
      snapshot({ breakers: [breaker('kraken'), breaker('binance', { state: 'OPEN', isolated: true, openedAt: 500 })] }),
    );
    await frame();
    const toast = () => screen.queryByRole('status', { name: 'Command result' }) ?? screen.queryByRole('alert');

    fireEvent.click(screen.getByRole('button', { name: 'Isolate kraken' }));
    expect(toast()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await act(async () => undefined);
    expect(toast()!.textContent).toBe('kraken: isolated (held open until released) ×');
    await actNow(() => void vi.advanceTimersByTime(4_999));
    expect(toast()).not.toBeNull();
    await actNow(() => void vi.advanceTimersByTime(1));
    expect(toast()).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Release binance' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await act(async () => undefined);
    expect(toast()!.textContent).toBe('binance: released ×');

    refuse.next = true;
    fireEvent.click(screen.getByRole('button', { name: 'Isolate kraken' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await act(async () => undefined);
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not isolate kraken: remoteSource: POST /api/breakers/kraken/isolate failed: ' +
        '404 no circuit breaker named "kraken" (breaker.isolate) ×',
    );
    await actNow(() => void vi.advanceTimersByTime(60_000));
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('switches tabs, keeping the connection', async () => {
    const { source, send } = scriptedSource();
    render(<BreakwaterDevtools source={source} embedded clock={new ManualClock(1_000)} />);
    send(snapshot({ breakers: [breaker('kraken')] }));
    await frame();
    expect(screen.queryByRole('button', { name: 'Open Breakwater devtools' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close Breakwater devtools' })).toBeNull();
    expect(screen.getAllByRole('tab').map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([
      ['Breakers (1)', 'true'],
      ['Stats', 'false'],
      ['History (0)', 'false'],
      ['Timeline (0)', 'false'],
      ['Charts', 'false'],
    ]);
    fireEvent.click(screen.getByRole('tab', { name: 'Stats' }));
    expect(screen.getByTestId('mode').textContent).toBe('live');
    fireEvent.click(screen.getByRole('tab', { name: 'History (0)' }));
    expect(screen.getByText('No errors recorded.')).toBeTruthy();
    expect(screen.getByTestId('status-mode').textContent).toBe('mode: live');
  });

  it('with a url, streams from the server with the token and stops when unmounted', () => {
    const streams: Array<{ url: string; closed: boolean }> = [];
    vi.stubGlobal(
      'EventSource',
      class {
        readyState = 0;
        onopen = null;
        onmessage = null;
        onerror = null;
        record: { url: string; closed: boolean };
        constructor(url: string) {
          this.record = { url, closed: false };
          streams.push(this.record);
        }
        close() {
          this.record.closed = true;
        }
      },
    );
    const view = render(<BreakwaterDevtools url="http://127.0.0.1:4000" token="abc" embedded />);
    expect(streams).toEqual([{ url: 'http://127.0.0.1:4000/api/events?token=abc', closed: false }]);
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Connecting…');
    view.unmount();
    expect(streams[0]!.closed).toBe(true);
  });
});

describe('BreakwaterDevtools props', () => {
  it('take exactly one target: a handler, a url (with its token) or a source', () => {
    // Compile-time only (checked by `tsc -b`): never rendered.
    const handler = new ErrorHandler();
    const source = scriptedSource().source;
    const accepted = [
      <BreakwaterDevtools handler={handler} />,
      <BreakwaterDevtools url="http://127.0.0.1:4000" token="t" position="top-left" initialOpen />,
      <BreakwaterDevtools source={source} embedded />,
    ];
    // @ts-expect-error a handler and a url at once
    const both = <BreakwaterDevtools handler={handler} url="http://x" />;
    // @ts-expect-error a token without a url
    const tokenOnly = <BreakwaterDevtools handler={handler} token="t" />;
    // @ts-expect-error no target
    const none = <BreakwaterDevtools />;
    expect([...accepted, both, tokenOnly, none]).toHaveLength(6);
  });
});
