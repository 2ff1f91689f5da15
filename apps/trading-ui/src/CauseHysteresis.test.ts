import { describe, expect, it } from 'vitest';
import { CauseHysteresis } from './CauseHysteresis.ts';
import type { ExchangeCause } from './exchangeCause.ts';

type Step = [at: number, result: ExchangeCause | 'ok'];

/** The shown cause after each step. */
function play(steps: Step[], h = new CauseHysteresis()): Array<ExchangeCause | undefined> {
  return steps.map(([at, result]) => {
    if (result === 'ok') h.success(at);
    else h.failure(result, at);
    return h.shown;
  });
}

describe('CauseHysteresis (defaults: 3 results or 3 s to show, 3 successes over 5 s to clear)', () => {
  it('shows a cause on its third failure in a row, not before', () => {
    expect(
      play([
        [0, 'maintenance'],
        [1000, 'maintenance'],
        [2000, 'maintenance'],
      ]),
    ).toEqual([undefined, undefined, 'maintenance']);
  });

  it('shows a cause that held 3 s with fewer results (a backed-off poll loop)', () => {
    expect(
      play([
        [0, 'no-answer'],
        [3000, 'no-answer'],
      ]),
    ).toEqual([undefined, 'no-answer']);
  });

  it('ignores blips: two failures among successes, however far apart, change nothing', () => {
    expect(
      play([
        [0, 'no-answer'],
        [1000, 'no-answer'],
        [2000, 'ok'],
        [3000, 'ok'],
        [4000, 'ok'],
        [5000, 'ok'],
        [6000, 'no-answer'],
      ]),
    ).toEqual(Array(7).fill(undefined));
  });

  it('shows intermittent failures once 3 of the last 6 results failed; a success among them does not clear it', () => {
    expect(
      play([
        [0, 'rate-limit'],
        [1000, 'ok'],
        [2000, 'rate-limit'],
        [3000, 'ok'],
        [4000, 'rate-limit'],
        [5000, 'ok'],
        [6000, 'ok'],
      ]),
    ).toEqual([undefined, undefined, undefined, undefined, 'rate-limit', 'rate-limit', 'rate-limit']);
  });

  it('shows a failing exchange whose causes alternate, named by the latest, then does not flip between them', () => {
    expect(
      play([
        [0, 'no-answer'],
        [500, 'unavailable'],
        [1000, 'no-answer'],
        [1500, 'unavailable'],
        [2000, 'no-answer'],
        [2500, 'unavailable'],
      ]),
    ).toEqual([undefined, undefined, 'no-answer', 'no-answer', 'no-answer', 'no-answer']);
  });

  it('changes from one cause to another only when the new one holds', () => {
    expect(
      play([
        [0, 'rate-limit'],
        [1000, 'rate-limit'],
        [2000, 'rate-limit'],
        [3000, 'maintenance'],
        [4000, 'rate-limit'],
        [5000, 'maintenance'],
        [6000, 'maintenance'],
        [7000, 'maintenance'],
      ]),
    ).toEqual([
      undefined,
      undefined,
      'rate-limit',
      'rate-limit',
      'rate-limit',
      'rate-limit',
      'rate-limit',
      'maintenance',
    ]);
  });

  it('clears only after 3 successes in a row spanning 5 s; a failure in between starts the recovery over', () => {
    const h = new CauseHysteresis();
    play(
      [
        [0, 'maintenance'],
        [1000, 'maintenance'],
        [2000, 'maintenance'],
      ],
      h,
    );
    expect(
      play(
        [
          [3000, 'ok'],
          [4000, 'ok'],
          [5000, 'ok'],
          [6000, 'maintenance'],
          [7000, 'ok'],
          [8000, 'ok'],
          [9000, 'ok'],
          [11_000, 'ok'],
          [12_000, 'ok'],
        ],
        h,
      ),
    ).toEqual([
      'maintenance',
      'maintenance',
      'maintenance',
      'maintenance',
      'maintenance',
      'maintenance',
      'maintenance',
      'maintenance',
      undefined,
    ]);
  });

  it('flickers far less than the raw results: 100 s of a lively mix changes the banner 3 times', () => {
    // One result a second: 10 s good, 30 s where 40% are rate limits, 20 s maintenance, 40 s good.
    const steps: Step[] = [];
    for (let s = 0; s < 100; s++) {
      const result: Step[1] =
        s < 10 ? 'ok' : s < 40 ? (s % 5 === 0 || s % 5 === 3 ? 'rate-limit' : 'ok') : s < 60 ? 'maintenance' : 'ok';
      steps.push([s * 1000, result]);
    }
    const shown = play(steps);
    const changes = shown.map((c, i) => [i, c] as const).filter(([i, c]) => c !== (i === 0 ? undefined : shown[i - 1]));
    // Shown when 3 of the last 6 failed (10, 13, 15), kept through the mix, replaced by maintenance once it
    // outnumbers the rate limits, cleared 5 s into the recovery.
    expect(changes).toEqual([
      [15, 'rate-limit'],
      [42, 'maintenance'],
      [65, undefined],
    ]);
  });

  it('rejects a bad option naming it', () => {
    expect(() => new CauseHysteresis({ confirmMs: -1 })).toThrow(
      new RangeError('CauseHysteresis: options.confirmMs must be a finite number >= 0, got -1'),
    );
  });
});
