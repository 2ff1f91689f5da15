import { formatCount } from './format.ts';
import { styles } from './styles.ts';

export interface CountTableProps {
  caption: string;
  counts: Readonly<Record<string, number>>;
  /** Rows in this order (every key shown, zeros too); default: by count, highest first. */
  keys?: readonly string[];
  /** At most this many rows. */
  limit?: number;
}

/** Counts by key as a two-column table (category, severity, component). */
export function CountTable({ caption, counts, keys, limit = Infinity }: CountTableProps) {
  const rows = (keys ?? Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))).slice(0, limit);
  return (
    <table style={{ ...styles.table, width: 'auto' }} aria-label={caption}>
      <caption style={{ ...styles.sectionTitle, textAlign: 'left' }}>{caption}</caption>
      <tbody>
        {rows.map((key) => (
          <tr key={key}>
            <th scope="row" style={{ ...styles.td, fontWeight: 400, textAlign: 'left' }}>
              {key}
            </th>
            <td style={{ ...styles.td, ...styles.number }}>{formatCount(counts[key] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
