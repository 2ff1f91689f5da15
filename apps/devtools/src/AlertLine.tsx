import type { ReactNode } from 'react';

/** One line above the panel saying what is wrong with this page's address, in the panel's alert colours. */
export function AlertLine({ children }: { children: ReactNode }) {
  return (
    <p
      role="alert"
      style={{
        margin: 0,
        padding: '6px 10px',
        background: '#7f1d1d',
        color: '#fee2e2',
        font: '12px ui-monospace, monospace',
      }}
    >
      {children}
    </p>
  );
}
