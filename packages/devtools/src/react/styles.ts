import type { CSSProperties } from 'react';
import type { CircuitState } from '@breakwater/core';
import type { ConnectionState } from '../state/DevtoolsState.ts';

// One small style sheet as objects: the panel ships no CSS file and inherits nothing it did not ask for.

export const stateColours: Readonly<Record<CircuitState, string>> = {
  CLOSED: '#22c55e',
  HALF_OPEN: '#f59e0b',
  OPEN: '#ef4444',
};

export const connectionColours: Readonly<Record<ConnectionState, string>> = {
  open: '#22c55e',
  connecting: '#f59e0b',
  reconnecting: '#f59e0b',
  closed: '#9ca3af',
  rejected: '#ef4444',
};

export const colours = {
  background: '#0f1720',
  surface: '#16212d',
  border: '#283746',
  text: '#e2e8f0',
  muted: '#8ea0b3',
  accent: '#38bdf8',
  danger: '#ef4444',
} as const;

const font = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export const styles = {
  panel: {
    display: 'flex',
    flexDirection: 'column',
    boxSizing: 'border-box',
    background: colours.background,
    color: colours.text,
    font: `12px/1.5 ${font}`,
    overflow: 'hidden',
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    padding: '6px 10px',
    borderBottom: `1px solid ${colours.border}`,
  },
  title: { fontWeight: 700, marginRight: 8 },
  tab: {
    background: 'none',
    border: 'none',
    borderBottom: '2px solid transparent',
    color: colours.muted,
    font: 'inherit',
    padding: '4px 8px',
    cursor: 'pointer',
  },
  tabSelected: { color: colours.text, borderBottom: `2px solid ${colours.accent}` },
  body: { flex: 1, overflow: 'auto', padding: 10 },
  // Sticky: whatever scrolls, the connection line stays in view.
  statusBar: {
    position: 'sticky',
    bottom: 0,
    flex: 'none',
    background: colours.background,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: 12,
    padding: '4px 10px',
    borderTop: `1px solid ${colours.border}`,
    color: colours.muted,
  },
  table: { borderCollapse: 'collapse', width: '100%' },
  th: {
    textAlign: 'left',
    fontWeight: 600,
    color: colours.muted,
    padding: '3px 8px',
    borderBottom: `1px solid ${colours.border}`,
    whiteSpace: 'nowrap',
  },
  td: { padding: '3px 8px', borderBottom: `1px solid ${colours.border}`, whiteSpace: 'nowrap' },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  button: {
    background: colours.surface,
    color: colours.text,
    border: `1px solid ${colours.border}`,
    borderRadius: 3,
    font: 'inherit',
    padding: '1px 8px',
    cursor: 'pointer',
  },
  input: {
    background: colours.surface,
    color: colours.text,
    border: `1px solid ${colours.border}`,
    borderRadius: 3,
    font: 'inherit',
    padding: '2px 6px',
  },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 },
  section: { marginBottom: 16 },
  sectionTitle: {
    fontSize: 12,
    fontWeight: 700,
    margin: '0 0 6px',
    color: colours.muted,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
  },
  muted: { color: colours.muted },
  alert: { color: colours.danger },
  pre: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    background: colours.surface,
    padding: 6,
    borderRadius: 3,
  },
  dot: { display: 'inline-block', width: 8, height: 8, borderRadius: '50%', marginRight: 6, verticalAlign: 'middle' },
} satisfies Record<string, CSSProperties>;

/** One colour per error category, in `ERROR_CATEGORIES` order (charts stack and label them the same way). */
export const categoryColours: Readonly<Record<string, string>> = {
  network: '#38bdf8',
  api: '#a78bfa',
  data: '#34d399',
  exchange: '#f59e0b',
  strategy: '#f472b6',
  memory: '#fb7185',
  config: '#facc15',
  system: '#94a3b8',
};
