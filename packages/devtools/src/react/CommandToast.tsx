import { useEffect } from 'react';
import type { DevtoolsCommand } from '@breakwater/core';
import { colours, styles } from './styles.ts';

/** The result of the last command the panel sent. */
export interface CommandResult {
  ok: boolean;
  text: string;
}

/** How long a success stays; a failure stays until dismissed (it has to be read). */
export const SUCCESS_TOAST_MS = 5_000;

/** `kraken: isolated (held open until released)`, or `Could not isolate kraken: <reason>`. */
export function describeResult(command: DevtoolsCommand, wasIsolated: boolean, error?: unknown): CommandResult {
  const [verb, done] = describeCommand(command, wasIsolated);
  if (error === undefined) return { ok: true, text: done };
  return { ok: false, text: `Could not ${verb}: ${error instanceof Error ? error.message : String(error)}` };
}

function describeCommand(command: DevtoolsCommand, wasIsolated: boolean): [verb: string, done: string] {
  switch (command.type) {
    case 'mode.set':
      return [`set the mode to ${command.mode}`, `mode: ${command.mode}`];
    case 'mode.release':
      return ['release the paper hold', 'paper hold released'];
    case 'chaos.set':
      return [`switch chaos ${command.name}`, `chaos ${command.name}: ${command.enabled ? 'on' : 'off'}`];
    case 'breaker.isolate':
      return [`isolate ${command.name}`, `${command.name}: isolated (held open until released)`];
    case 'breaker.reset':
      return wasIsolated
        ? [`release ${command.name}`, `${command.name}: released`]
        : [`reset ${command.name}`, `${command.name}: reset`];
  }
}

/** Shows a command's result over the panel's corner: a success fades, a failure stays until dismissed. */
export function CommandToast({ result, onDismiss }: { result: CommandResult | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(onDismiss, SUCCESS_TOAST_MS);
    return () => clearTimeout(timer);
  }, [result, onDismiss]);
  if (result === null) return null;
  return (
    <div
      role={result.ok ? 'status' : 'alert'}
      aria-label={result.ok ? 'Command result' : undefined}
      style={{
        ...styles.button,
        font: styles.panel.font,
        position: 'fixed',
        right: 12,
        bottom: 40,
        zIndex: 100000,
        padding: '6px 10px',
        borderColor: result.ok ? colours.border : colours.danger,
      }}
    >
      <span style={result.ok ? undefined : styles.alert}>{`${result.text} `}</span>
      <button type="button" style={styles.button} aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
