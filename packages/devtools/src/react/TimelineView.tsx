import { memo } from 'react';
import type { BreakerStateEvent, CircuitState, Clock } from '@breakwater/core';
import { formatTime } from './format.ts';
import { StateBadge } from './StateBadge.tsx';
import { colours, stateColours, styles } from './styles.ts';
import { useNow } from './useNow.ts';

export interface TimelineViewProps {
  /** Newest first (as the store keeps it). */
  transitions: readonly BreakerStateEvent[];
  clockOffsetMs: number;
  clock: Clock;
  /** Lanes drawn at most (the breakers that changed most recently). Default 12. */
  lanes?: number;
}

interface Lane {
  name: string;
  segments: Array<{ from: number; to: number; state: CircuitState }>;
}

/** Per breaker, the states it was in between its transitions, up to `end` (oldest first). */
function buildLanes(transitions: readonly BreakerStateEvent[], end: number, max: number): Lane[] {
  const byName = new Map<string, BreakerStateEvent[]>();
  for (const t of transitions) {
    let list = byName.get(t.name);
    if (!list) {
      if (byName.size >= max) continue;
      byName.set(t.name, (list = []));
    }
    list.push(t);
  }
  const lanes: Lane[] = [];
  for (const [name, newestFirst] of byName) {
    const list = [...newestFirst].reverse();
    lanes.push({ name, segments: list.map((t, i) => ({ from: t.at, to: list[i + 1]?.at ?? end, state: t.to })) });
  }
  return lanes;
}

const laneHeight = 14;
const labelWidth = 120;
const chartWidth = 720;

/** The lanes, stretched to now: the one part that ticks, so the list below does not re-render every second. */
const TimelineLanes = memo(function TimelineLanes({
  transitions,
  clockOffsetMs,
  clock,
  lanes: maxLanes = 12,
}: TimelineViewProps) {
  const now = useNow(clock, 1000) + clockOffsetMs;
  const start = transitions[transitions.length - 1]!.at;
  const end = Math.max(now, transitions[0]!.at);
  const span = Math.max(1, end - start);
  const x = (t: number) => labelWidth + ((t - start) / span) * (chartWidth - labelWidth);
  const lanes = buildLanes(transitions, end, maxLanes);
  return (
    <svg
      role="img"
      aria-label={`Breaker states from ${formatTime(start)} to ${formatTime(end)}`}
      width={chartWidth}
      height={lanes.length * laneHeight + 4}
      style={styles.section}
    >
      {lanes.map((lane, i) => (
        <g key={lane.name} data-lane={lane.name}>
          <text x={0} y={i * laneHeight + 11} fill={colours.muted} fontSize={11}>
            {lane.name}
          </text>
          {lane.segments.map((s, j) => (
            <rect
              key={j}
              x={x(s.from)}
              y={i * laneHeight + 2}
              width={Math.max(1, x(s.to) - x(s.from))}
              height={laneHeight - 4}
              fill={stateColours[s.state]}
              data-state={s.state}
            >
              <title>{`${lane.name} ${s.state} from ${formatTime(s.from)}`}</title>
            </rect>
          ))}
        </g>
      ))}
    </svg>
  );
});

/** Breaker transitions: a lane per breaker coloured by state over time, and the list, newest first. */
export const TimelineView = memo(function TimelineView(props: TimelineViewProps) {
  const { transitions } = props;
  if (transitions.length === 0) return <p style={styles.muted}>No breaker transitions yet.</p>;
  return (
    <div>
      <TimelineLanes {...props} />
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Transitions">
        {transitions.map((t) => (
          <li
            key={`${t.at}-${t.name}-${t.from}-${t.to}`}
            style={{ display: 'flex', gap: 12, padding: '2px 0', borderBottom: `1px solid ${colours.border}` }}
          >
            <span style={styles.muted}>{formatTime(t.at)}</span>
            <span style={{ minWidth: 100 }}>{t.name}</span>
            <span>
              <StateBadge state={t.from} /> → <StateBadge state={t.to} />
            </span>
            <span style={styles.muted}>{t.reason}</span>
          </li>
        ))}
      </ol>
    </div>
  );
});
