import { useState, type CSSProperties } from 'react';
import { styles } from './styles.ts';

export interface ConfirmButtonProps {
  /** The button's text: `Reset`. */
  label: string;
  /** What it acts on, for the accessible names: `Reset kraken`, `Confirm reset kraken`. */
  target: string;
  /** Said before Confirm / Cancel: `Isolate kraken? It rejects every call until released.` */
  question: string;
  onConfirm: () => void;
  /** A toggle's state (`aria-pressed`), e.g. isolated. */
  pressed?: boolean;
  style?: CSSProperties;
}

/**
 * A button that asks first, inline (never `window.confirm`, which blocks the page and the stream): the click
 * turns it into the question with Confirm and Cancel; Escape cancels too.
 */
export function ConfirmButton({ label, target, question, onConfirm, pressed, style }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const name = `${label} ${target}`;
  if (!asking) {
    return (
      <button type="button" style={{ ...styles.button, ...style }} aria-label={name} aria-pressed={pressed} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      role="group"
      aria-label={`Confirm ${label.toLowerCase()} ${target}`}
      style={{ ...style, display: 'inline-flex', gap: 4, alignItems: 'center' }}
      onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
    >
      <span style={styles.alert}>{question}</span>
      <button
        type="button"
        style={styles.button}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Confirm
      </button>
      <button type="button" style={styles.button} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
