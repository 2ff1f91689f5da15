import { useCallback, useEffect, useId, useMemo, useState, type CSSProperties } from 'react';
import { systemClock, type Clock, type DevtoolsCommand, type ErrorHandler } from '@breakwater/core';
import type { DevtoolsSource } from '../sources/DevtoolsSource.ts';
import { inPageSource } from '../sources/inPageSource.ts';
import { remoteSource } from '../sources/remoteSource.ts';
import { DevtoolsStore } from '../state/DevtoolsStore.ts';
import { CommandToast, describeResult, type CommandResult } from './CommandToast.tsx';
import { DevtoolsPanel, type DevtoolsTab } from './DevtoolsPanel.tsx';
import { DockedPanel } from './DockedPanel.tsx';
import { OpenBreakersBadge } from './OpenBreakersBadge.tsx';
import { colours, styles } from './styles.ts';
import { useDevtoolsState } from './useDevtoolsState.ts';

/** What the panel watches: a handler in this page, a process served by `startDevtoolsServer`, or any source. */
export type DevtoolsTarget =
  | { handler: ErrorHandler; url?: never; token?: never; source?: never }
  | { url: string; token?: string; handler?: never; source?: never }
  | { source: DevtoolsSource; handler?: never; url?: never; token?: never };

export type DevtoolsPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export type BreakwaterDevtoolsProps = DevtoolsTarget & {
  /** Floating panel open at first. Default false. */
  initialOpen?: boolean;
  /**
   * Corner of the toggle button; the open panel docks to the same edge, resizable by its handle (the height is
   * kept in localStorage), and pads the page's body by its height so it covers none of the page. Default
   * `bottom-right`.
   */
  position?: DevtoolsPosition;
  /** Fills its container instead of floating, with no toggle (the standalone app). Default false. */
  embedded?: boolean;
  /** The panel's clock (countdowns). Default: the handler's clock in-page, else the system clock. */
  clock?: Clock;
};

/**
 * The Breakwater devtools: a floating, collapsible panel (`<BreakwaterDevtools handler={handler} />`), or the
 * same panel embedded (`embedded`). It stays connected while collapsed, so the toggle can show open breakers.
 */
export function BreakwaterDevtools(props: BreakwaterDevtoolsProps) {
  const {
    handler,
    url,
    token,
    source: givenSource,
    initialOpen = false,
    position = 'bottom-right',
    embedded = false,
  } = props;
  const clock = props.clock ?? handler?.clock ?? systemClock();
  const { store, source } = useMemo(() => {
    const source =
      givenSource ?? (handler ? inPageSource(handler) : remoteSource(url!, token === undefined ? {} : { token }));
    return { source, store: new DevtoolsStore({ clock }) };
  }, [handler, url, token, givenSource, clock]);
  useEffect(() => store.connect(source), [store, source]);
  const state = useDevtoolsState(store);
  const [open, setOpen] = useState(initialOpen || embedded);
  const [tab, setTab] = useState<DevtoolsTab>('breakers');
  const badgeId = useId();

  const [result, setResult] = useState<CommandResult | null>(null);
  const onCommand = useCallback(
    (command: DevtoolsCommand) => {
      setResult(null);
      // A reset of an isolated breaker is what the panel calls a release.
      const wasIsolated =
        command.type === 'breaker.reset' && store.getSnapshot().breakers.get(command.name)?.isolated === true;
      source.command(command).then(
        () => setResult(describeResult(command, wasIsolated)),
        (error: unknown) => setResult(describeResult(command, wasIsolated, error ?? 'failed')),
      );
    },
    [store, source],
  );
  const onDismissResult = useCallback(() => setResult(null), []);
  const onDismiss = useCallback(() => store.clearCommandFailure(), [store]);
  const toast = <CommandToast result={result} onDismiss={onDismissResult} />;
  const onClose = useCallback(() => setOpen(false), []);

  const panel = (style: CSSProperties, close?: () => void) => (
    <DevtoolsPanel
      state={state}
      clock={clock}
      onCommand={onCommand}
      onDismissCommandFailure={onDismiss}
      tab={tab}
      onTab={setTab}
      onClose={close}
      style={style}
    />
  );
  if (embedded)
    return (
      <>
        {panel({ flex: 1, minHeight: 0, height: '100%', width: '100%' })}
        {toast}
      </>
    );

  const top = position.startsWith('top');
  const left = position.endsWith('left');
  if (open) {
    return (
      <>
        <DockedPanel edge={top ? 'top' : 'bottom'}>{panel({ flex: 1, minHeight: 0 }, onClose)}</DockedPanel>
        {toast}
      </>
    );
  }
  let openBreakers = 0;
  for (const b of state.breakers.values()) if (b.state === 'OPEN') openBreakers++;
  return (
    <>
      <button
        type="button"
        aria-label="Open Breakwater devtools"
        aria-describedby={openBreakers > 0 ? badgeId : undefined}
        onClick={() => setOpen(true)}
        style={{
          ...styles.button,
          position: 'fixed',
          zIndex: 99999,
          [top ? 'top' : 'bottom']: 12,
          [left ? 'left' : 'right']: 12,
          padding: '6px 10px',
          background: colours.background,
          font: styles.panel.font,
        }}
      >
        Breakwater
        {openBreakers > 0 && <OpenBreakersBadge id={badgeId} count={openBreakers} />}
      </button>
      {toast}
    </>
  );
}
