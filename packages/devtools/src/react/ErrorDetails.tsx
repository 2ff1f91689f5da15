import type { ErrorRecord } from '@breakwater/core';
import { formatDuration, formatTime } from './format.ts';
import { styles } from './styles.ts';

/**
 * One error's whole context. Everything here was redacted where the context was built, before it left the
 * watched process; the panel shows it as it came.
 */
export function ErrorDetails({ record: r }: { record: ErrorRecord }) {
  const fields: Array<[string, string]> = [
    ['Message', r.message],
    ['Name', r.name],
    ['Code', r.code ?? '—'],
    ['Status', r.status === undefined ? '—' : String(r.status)],
    ['Category', r.category],
    ['Severity', r.severity],
    ['Component', r.component],
    ['Operation', r.operation],
    ['Retryable', r.retryable ? 'yes' : 'no'],
    ['Retry after', r.retryAfterMs === undefined ? '—' : formatDuration(r.retryAfterMs)],
    ['Retries', `${r.retryCount}/${r.maxRetries}`],
    ['Time', `${formatTime(r.timestamp)} (${new Date(r.timestamp).toISOString()})`],
    ['Fingerprint', r.fingerprint],
    ['Id', r.id],
  ];
  return (
    <div style={{ padding: '6px 8px 10px 24px' }}>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: '0 0 8px' }}>
        {fields.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt style={styles.muted}>{term}</dt>
            <dd style={{ margin: 0, wordBreak: 'break-word' }} data-field={term}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div style={styles.muted}>Metadata</div>
      <pre style={styles.pre} data-field="Metadata">
        {Object.keys(r.metadata).length === 0 ? '{}' : JSON.stringify(r.metadata, null, 2)}
      </pre>
      {r.stack !== undefined && (
        <>
          <div style={{ ...styles.muted, marginTop: 6 }}>Stack</div>
          <pre style={styles.pre} data-field="Stack">
            {r.stack}
          </pre>
        </>
      )}
    </div>
  );
}
