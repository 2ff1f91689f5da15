import { memo } from 'react';
import type { BreakerStateEvent, CircuitState } from '@breakwater/core';
import type { ModeMark } from '../state/DevtoolsState.ts';
import { Legend } from './ChartFrame.tsx';
import { r, tickLabel, timeTicks, windowStart, type ChartWindow } from './chartScale.ts';
import { formatDuration, formatTime } from './format.ts';
import { colours, stateColours, styles } from './styles.ts';

export interface StateTimelineChartProps {
  /** Newest first: the store's `transitions`, the same the Timeline tab lists. */
  transitions: readonly BreakerStateEvent[];
  /** Oldest first. */
  modes: readonly ModeMark[];
  window: ChartWindow;
  end: number;
  /** Lanes drawn at most (the breakers that changed most recently). Default 12. */
  lanes?: number;
  /** Transitions at most this far apart belong to one run. Default 60 000. */
  flapGapMs?: number;
  /** A run of at least this many transitions is drawn as one labelled flapping block. Default 6. */
  flapMinTransitions?: number;
}

type Piece =
  | { kind: 'state'; from: number; to: number; state: CircuitState }
  | { kind: 'flap'; from: number; to: number; count: number };

const FLAP = '#c084fc';
const MODE_FILL = { live: 'rgba(34,197,94,0.07)', paper: 'rgba(245,158,11,0.18)' } as const;
const LABEL = 110;
const LANE = 18;
const TOP = 14;
const AXIS = 16;
const W = 720;

/** One breaker's states between its transitions (oldest first), with each run of flapping as one piece. */
function pieces(list: readonly BreakerStateEvent[], end: number, gapMs: number, minRun: number): Piece[] {
  const out: Piece[] = [{ kind: 'state', from: -Infinity, to: list[0]!.at, state: list[0]!.from }];
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (j + 1 < list.length && list[j + 1]!.at - list[j]!.at <= gapMs) j++;
    if (j - i + 1 >= minRun) {
      out.push({ kind: 'flap', from: list[i]!.at, to: list[j]!.at, count: j - i + 1 });
      i = j; // the state after the run's last transition is drawn as usual
    }
    out.push({ kind: 'state', from: list[i]!.at, to: list[i + 1]?.at ?? end, state: list[i]!.to });
    i++;
  }
  return out;
}

/**
 * Every breaker's state over time on one full-width chart: a lane per breaker, a time axis, the trading
 * mode as bands behind the lanes, and runs of flapping collapsed into one block that says how many
 * transitions and how long (`flapping ×7, 2 min`).
 */
export const StateTimelineChart = memo(function StateTimelineChart(props: StateTimelineChartProps) {
  const { transitions, modes, window, end, lanes: maxLanes = 12, flapGapMs = 60_000, flapMinTransitions = 6 } = props;
  if (transitions.length === 0) return <p style={styles.muted}>No breaker transitions yet.</p>;
  const start = windowStart(window, end, Math.min(transitions[transitions.length - 1]!.at, modes[0]?.at ?? Infinity));
  const byName = new Map<string, BreakerStateEvent[]>();
  for (const t of transitions) {
    const list = byName.get(t.name) ?? (byName.size < maxLanes ? [] : undefined);
    if (list) byName.set(t.name, list).get(t.name)!.unshift(t);
  }
  const height = TOP + byName.size * LANE + AXIS;
  const x = (t: number) =>
    r(LABEL + ((Math.min(end, Math.max(start, t)) - start) / Math.max(1, end - start)) * (W - LABEL - 4));
  const { ticks, stepMs } = timeTicks(start, end);
  const title = `Breaker states (${window})`;
  return (
    <figure style={{ margin: '0 0 16px' }}>
      <figcaption style={styles.sectionTitle}>{title}</figcaption>
      <svg
        role="img"
        aria-label={title}
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        style={{ display: 'block', maxWidth: W * 1.5 }}
        fontSize={10}
      >
        {modes.map((m, i) => {
          const to = modes[i + 1]?.at ?? end;
          if (to <= start) return null;
          return (
            <g key={m.at} data-mode={m.mode}>
              <rect x={x(m.at)} y={0} width={x(to) - x(m.at)} height={height - AXIS} fill={MODE_FILL[m.mode]} />
              <text x={x(m.at) + 2} y={10} fill={colours.muted}>
                {m.mode}
              </text>
            </g>
          );
        })}
        {[...byName].map(([name, list], lane) => {
          const y = TOP + lane * LANE;
          return (
            <g key={name} data-lane={name}>
              <text x={0} y={y + 12} fill={colours.text}>
                {name}
              </text>
              {pieces(list, end, flapGapMs, flapMinTransitions).map((p) => {
                if (p.to <= start || p.to < p.from) return null; // a state held for no time still shows as a sliver
                const width = Math.max(1, r(x(p.to) - x(p.from)));
                if (p.kind === 'state') {
                  return (
                    <rect
                      key={p.from}
                      x={x(p.from)}
                      y={y + 3}
                      width={width}
                      height={LANE - 6}
                      fill={stateColours[p.state]}
                      data-state={p.state}
                    />
                  );
                }
                const label = `flapping ×${p.count}, ${formatDuration(p.to - p.from)}`;
                return (
                  <g key={`flap${p.from}`} data-flapping={p.count}>
                    <rect x={x(p.from)} y={y + 1} width={width} height={LANE - 2} fill={FLAP}>
                      <title>{`${name} ${label} from ${formatTime(p.from)}`}</title>
                    </rect>
                    <text x={x(p.from) + 3} y={y + 12} fill={colours.background}>
                      {label}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <g data-axis="x" fill={colours.muted} textAnchor="middle">
          {ticks.map((t) => (
            <text key={t} x={x(t)} y={height - 3}>
              {tickLabel(t, stepMs)}
            </text>
          ))}
        </g>
      </svg>
      <Legend
        title={title}
        entries={[...Object.entries(stateColours), ['flapping', FLAP], ...Object.entries(MODE_FILL)].map(
          ([label, colour]) => ({ label: label!, colour: colour! }),
        )}
      />
    </figure>
  );
});
