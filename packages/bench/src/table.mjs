// Plain-text tables for the harness's report: fixed-width columns, numbers right-aligned.

/** `value` with `digits` decimals, or `n/a` when unknown. */
export function formatNumber(value, digits = 0) {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * One row per case: median ns/call, optionally calls per second (1e9 / that median), half the interquartile
 * range over rounds (as % of the median), ratio to the baseline case (marked `(base)`), and — when measured —
 * bytes/call and bytes/call beyond the baseline's. `unit` names a call in the headers (`ns/error`, `errors/s`).
 */
export function formatTable(rows, baseline, hasBytes, { unit = 'call', perSecond = false } = {}) {
  const base = rows.find((row) => row.name === baseline);
  const header = ['case', `ns/${unit}`];
  if (perSecond) header.push(`${unit}s/s`);
  header.push('±IQR/2', '× base');
  if (hasBytes) header.push(`bytes/${unit}`, '+bytes vs base');
  const body = rows.map((row) => {
    const cells = [row === base ? `${row.name} (base)` : row.name, formatNumber(row.ns, 1)];
    if (perSecond) cells.push(formatNumber(1e9 / row.ns, 0));
    cells.push(`${formatNumber(row.spread * 100, 1)}%`, `${formatNumber(row.ratio, 2)}×`);
    if (hasBytes) {
      cells.push(formatNumber(row.bytes, 0), row === base ? '—' : formatNumber(row.bytes - base.bytes, 0));
    }
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
