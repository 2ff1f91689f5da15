import type { CSSProperties } from 'react';

export const colours = {
  text: '#e2e8f0',
  muted: '#94a3b8',
  border: '#1e293b',
  panel: '#111a24',
  ok: '#4ade80',
  okBg: '#052e16',
  warn: '#fbbf24',
  warnBg: '#422006',
  bad: '#f87171',
  badBg: '#450a0a',
  paper: '#c4b5fd',
  paperBg: '#2e1065',
};

export const card: CSSProperties = {
  background: colours.panel,
  border: `1px solid ${colours.border}`,
  borderRadius: 8,
  padding: 16,
};

export const input: CSSProperties = {
  background: '#0b1118',
  color: colours.text,
  border: `1px solid ${colours.border}`,
  borderRadius: 4,
  padding: '6px 8px',
  font: 'inherit',
};

export const button: CSSProperties = {
  background: '#1d4ed8',
  color: 'white',
  border: 'none',
  borderRadius: 4,
  padding: '7px 14px',
  font: 'inherit',
  cursor: 'pointer',
};
