import { memo } from 'react';
import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  type DevtoolsCommand,
  type ErrorHandlerStats,
  type TradingMode,
} from '@breakwater/core';
import type { RatePoint } from '../state/DevtoolsState.ts';
import { CountTable } from './CountTable.tsx';
import { formatCount, formatPercent } from './format.ts';
import { Sparkline } from './Sparkline.tsx';
import { styles } from './styles.ts';

export interface StatsViewProps {
  stats: ErrorHandlerStats | null;
  errorRate: readonly RatePoint[];
  mode: TradingMode | null;
  /** An operator's paper hold: shown, with a Release. */
  modeHeld?: boolean;
  onCommand: (command: DevtoolsCommand) => void;
}

const num = { ...styles.td, ...styles.number };

/** The handler's counters: error rate over time, counts, recovery outcomes, frequent failures, the mode. */
export const StatsView = memo(function StatsView({
  stats,
  errorRate,
  mode,
  modeHeld = false,
  onCommand,
}: StatsViewProps) {
  if (!stats) return <p style={styles.muted}>Waiting for the first snapshot…</p>;
  const recoveries = Object.entries(stats.recoveryStats).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const other: TradingMode = mode === 'paper' ? 'live' : 'paper';
  return (
    <div>
      <section
        style={{ ...styles.section, display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'center' }}
        aria-label="Summary"
      >
        <div>
          <div style={styles.muted}>Errors</div>
          <strong data-testid="total-errors">{formatCount(stats.totalErrors)}</strong>
        </div>
        <div>
          <div style={styles.muted}>Last minute</div>
          <strong data-testid="error-rate">{`${formatCount(stats.errorRate)}/min`}</strong>
        </div>
        <Sparkline points={errorRate} />
        <div>
          <div style={styles.muted}>Mode</div>
          <strong data-testid="mode" style={mode === 'paper' ? styles.alert : undefined}>
            {mode ?? '—'}
            {modeHeld && ' (held)'}
          </strong>{' '}
          {mode && (
            <button type="button" style={styles.button} onClick={() => onCommand({ type: 'mode.set', mode: other })}>
              {`Switch to ${other}`}
            </button>
          )}
          {modeHeld && (
            <button
              type="button"
              style={{ ...styles.button, marginLeft: 4 }}
              title="Let the process switch back to live by itself"
              onClick={() => onCommand({ type: 'mode.release' })}
            >
              Release hold
            </button>
          )}
        </div>
      </section>
      <section style={{ ...styles.section, display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'flex-start' }}>
        <CountTable caption="By category" counts={stats.categoryCounts} keys={ERROR_CATEGORIES} />
        <CountTable caption="By severity" counts={stats.severityCounts} keys={ERROR_SEVERITIES} />
        <CountTable caption="By component" counts={stats.errorCounts} limit={10} />
      </section>
      <section style={styles.section}>
        <h3 style={styles.sectionTitle}>Recovery actions</h3>
        {recoveries.length === 0 ? (
          <p style={styles.muted}>No recovery attempted yet.</p>
        ) : (
          <table style={{ ...styles.table, width: 'auto' }} aria-label="Recovery actions">
            <thead>
              <tr>
                {['Action', 'Succeeded', 'Failed', 'Success rate'].map((c) => (
                  <th key={c} style={c === 'Action' ? styles.th : { ...styles.th, textAlign: 'right' }} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {recoveries.map(([action, { success, failure }]) => (
                <tr key={action}>
                  <td style={styles.td}>{action}</td>
                  <td style={num}>{formatCount(success)}</td>
                  <td style={num}>{formatCount(failure)}</td>
                  <td style={num}>
                    {formatPercent(Math.round((success / Math.max(1, success + failure)) * 1000) / 10)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section style={styles.section}>
        <h3 style={styles.sectionTitle}>Top fingerprints</h3>
        {stats.topFingerprints.length === 0 ? (
          <p style={styles.muted}>No errors yet.</p>
        ) : (
          <table style={styles.table} aria-label="Top fingerprints">
            <thead>
              <tr>
                {['Count', 'Error', 'Operation', 'Fingerprint'].map((c) => (
                  <th key={c} style={c === 'Count' ? { ...styles.th, textAlign: 'right' } : styles.th} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stats.topFingerprints.map((f) => (
                <tr key={f.fingerprint}>
                  <td style={num}>{formatCount(f.count)}</td>
                  <td style={{ ...styles.td, whiteSpace: 'normal' }}>{`${f.name}: ${f.message}`}</td>
                  <td style={styles.td}>{f.operation}</td>
                  <td style={{ ...styles.td, ...styles.muted }}>{f.fingerprint}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {stats.storage && (
        <section style={styles.section}>
          <h3 style={styles.sectionTitle}>Storage</h3>
          <span>
            {`queued ${formatCount(stats.storage.queued)} · written ${formatCount(stats.storage.written)} · ` +
              `dropped ${formatCount(stats.storage.dropped)} · ` +
              `failed writes ${formatCount(stats.storage.failedWrites)}`}
          </span>
        </section>
      )}
    </div>
  );
});
