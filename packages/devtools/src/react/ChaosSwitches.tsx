import { memo } from 'react';
import type { DevtoolsChaos, DevtoolsCommand } from '@breakwater/core';
import { formatCount, formatPercent } from './format.ts';
import { styles } from './styles.ts';

export interface ChaosSwitchesProps {
  chaos: readonly DevtoolsChaos[];
  onCommand: (command: DevtoolsCommand) => void;
}

const num = { ...styles.td, ...styles.number };

/**
 * The watched process's chaos policies, each with a switch: a click asks the process (`chaos.set`); the box
 * shows what the process reports, so it flips when the process did. Nothing shows when the feed was given no
 * chaos policies.
 */
export const ChaosSwitches = memo(function ChaosSwitches({ chaos, onCommand }: ChaosSwitchesProps) {
  if (chaos.length === 0) return null;
  return (
    <section style={styles.section}>
      <h3 style={styles.sectionTitle}>Fault injection</h3>
      <table style={{ ...styles.table, width: 'auto' }} aria-label="Chaos policies">
        <thead>
          <tr>
            {['On', 'Policy', 'Kind', 'Rate', 'Injected'].map((c) => (
              <th key={c} scope="col" style={styles.th}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chaos.map((policy) => (
            <tr key={policy.name}>
              <td style={styles.td}>
                <input
                  type="checkbox"
                  aria-label={`Inject ${policy.name}`}
                  checked={policy.enabled}
                  onChange={() => onCommand({ type: 'chaos.set', name: policy.name, enabled: !policy.enabled })}
                />
              </td>
              <td style={styles.td}>{policy.name}</td>
              <td style={styles.td}>{policy.kind}</td>
              <td style={num}>{formatPercent(Math.round(policy.rate * 1000) / 10)}</td>
              <td style={num}>{formatCount(policy.injected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});
