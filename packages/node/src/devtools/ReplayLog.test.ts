import { describe, expect, it } from 'vitest';
import { ReplayLog } from './ReplayLog.ts';

function logWith(capacity: number, from: number, to: number): ReplayLog {
  const log = new ReplayLog(capacity, from - 1);
  for (let seq = from; seq <= to; seq++) log.add(seq, `b${seq}`);
  return log;
}

describe('ReplayLog', () => {
  it('gives exactly the batches after the last id seen', () => {
    const log = logWith(10, 1, 5);
    expect(log.since(2, 5)).toEqual(['b3', 'b4', 'b5']);
    expect(log.since(1, 5)).toEqual(['b2', 'b3', 'b4', 'b5']);
    expect(log.since(5, 5)).toEqual([]);
  });

  it('keeps only the newest `capacity` batches: older ids start over', () => {
    const log = logWith(3, 1, 6);
    expect(log.since(3, 6)).toEqual(['b4', 'b5', 'b6']);
    expect(log.since(2, 6)).toBeUndefined();
  });

  it('refuses ids from before it was watched (and the one watched from), from the future, or not integers', () => {
    const log = logWith(10, 5, 7); // watched from seq 4: a client at 4 may have seen that before a gap
    expect(log.since(3, 7)).toBeUndefined();
    expect(log.since(4, 7)).toBeUndefined();
    expect(log.since(5, 7)).toEqual(['b6', 'b7']);
    expect(log.since(8, 7)).toBeUndefined();
    expect(log.since(5.5, 7)).toBeUndefined();
    expect(log.since(Number.NaN, 7)).toBeUndefined();
  });

  it('after a gap (nobody watching), nothing up to it resumes, not even the last id', () => {
    const log = logWith(10, 1, 4);
    log.breakAt(4);
    expect(log.since(4, 4)).toBeUndefined();
    expect(log.since(2, 4)).toBeUndefined();
    log.add(5, 'b5');
    expect(log.since(5, 5)).toEqual([]);
    expect(log.since(4, 5)).toBeUndefined();
  });

  it('with capacity 0 resumes only a client that missed nothing', () => {
    const log = logWith(0, 1, 3);
    expect(log.since(3, 3)).toEqual([]);
    expect(log.since(2, 3)).toBeUndefined();
  });
});
