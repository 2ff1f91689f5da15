import { styles } from './styles.ts';

export interface ConfirmPromptProps {
  /** Names the group for assistive tech: `Confirm reset kraken`. */
  label: string;
  /** `Isolate kraken? It rejects every call until released.` */
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before acting, inline (never `window.confirm`, which blocks the page and the stream): the question with
 * Confirm and Cancel, in place of the button that asked; Escape cancels too.
 */
export function ConfirmPrompt({ label, question, onConfirm, onCancel }: ConfirmPromptProps) {
  return (
    <span
      role="group"
      aria-label={label}
      style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <span style={styles.alert}>{question}</span>
      <button
        type="button"
        style={styles.button}
        autoFocus
        onClick={() => {
          onCancel();
          onConfirm();
        }}
      >
        Confirm
      </button>
      <button type="button" style={styles.button} onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
