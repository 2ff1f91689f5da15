// How numbers and times read in the panel, in one place so every view says them the same way.

const two = (n: number) => String(n).padStart(2, '0');

/** Local time of day, `HH:MM:SS`. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A wait, rounded up to whole seconds (`12 s`, `2 min 5 s`): a countdown never says 0 s while still waiting. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}

/** `1,234` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A 0-100 percentage: `100%`, `83.3%`. */
export function formatPercent(p: number): string {
  return Number.isInteger(p) ? `${p}%` : `${p.toFixed(1)}%`;
}
