import { describe, expect, it } from 'vitest';
import { ManualClock } from './ManualClock.ts';

/** Records when each sleep settles, as `label@time` or `label!reason`. */
function recorder(clock: ManualClock) {
  const log: string[] = [];
  const sleep = (label: string, ms: number, signal?: AbortSignal) =>
    clock.sleep(ms, signal).then(
      () => log.push(`${label}@${clock.now()}`),
      (reason: unknown) => log.push(`${label}!${String(reason)}`),
    );
  return { log, sleep };
}

describe('ManualClock', () => {
  it('starts at 0 or at the given time and only moves when told', async () => {
    expect(new ManualClock().now()).toBe(0);
    const clock = new ManualClock(1_700_000_000_000);
    expect(clock.now()).toBe(1_700_000_000_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_700_000_000_250);
  });

  it('fires due sleeps in time order, then by creation order for equal times, each at its own time', async () => {
    const clock = new ManualClock();
    const { log, sleep } = recorder(clock);
    void sleep('c', 300);
    void sleep('a', 100);
    void sleep('b1', 200);
    void sleep('b2', 200);
    void sleep('late', 1000);
    expect(clock.pendingSleeps).toBe(5);
    await clock.advance(300);
    expect(log).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
    expect(clock.now()).toBe(300);
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(699);
    expect(log).toHaveLength(4);
    await clock.advance(1);
    expect(log).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300', 'late@1000']);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('does not fire a sleep before its time', async () => {
    const clock = new ManualClock();
    const { log, sleep } = recorder(clock);
    void sleep('x', 100);
    await clock.advance(99);
    expect(log).toEqual([]);
    expect(clock.now()).toBe(99);
  });

  it('fires sleeps scheduled during an advance when they fall inside it (a retry loop runs to the end)', async () => {
    const clock = new ManualClock();
    const log: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        log.push(clock.now());
      }
    })();
    await clock.advance(250);
    expect(log).toEqual([100, 200]);
    await clock.advance(50);
    await loop;
    expect(log).toEqual([100, 200, 300]);
  });

  it('lets promise chains settle between sleeps that fire in one advance', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    void clock.sleep(10).then(async () => {
      await Promise.resolve();
      await Promise.resolve();
      log.push(`first chain done@${clock.now()}`);
    });
    void clock.sleep(20).then(() => log.push(`second@${clock.now()}`));
    await clock.advance(20);
    expect(log).toEqual(['first chain done@10', 'second@20']);
  });

  it('a zero, negative or NaN sleep falls due now and fires on advance(0)', async () => {
    const clock = new ManualClock(50);
    const { log, sleep } = recorder(clock);
    void sleep('zero', 0);
    void sleep('negative', -5);
    void sleep('nan', Number.NaN);
    expect(log).toEqual([]); // never synchronously
    await clock.advance(0);
    expect(log).toEqual(['zero@50', 'negative@50', 'nan@50']);
    expect(clock.now()).toBe(50);
  });

  it('rejects at once with the reason when the signal is already aborted, and schedules nothing', async () => {
    const clock = new ManualClock();
    const reason = new Error('stop');
    await expect(clock.sleep(100, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('an abort removes the pending sleep and rejects it with signal.reason, leaving the others', async () => {
    const clock = new ManualClock();
    const { log, sleep } = recorder(clock);
    const controller = new AbortController();
    void sleep('aborted', 100, controller.signal);
    void sleep('kept', 100);
    expect(clock.pendingSleeps).toBe(2);
    controller.abort('user cancelled');
    await Promise.resolve();
    expect(log).toEqual(['aborted!user cancelled']);
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(100);
    expect(log).toEqual(['aborted!user cancelled', 'kept@100']);
  });

  it('an abort after the sleep fired changes nothing (the listener is gone)', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { log, sleep } = recorder(clock);
    void sleep('s', 10, controller.signal);
    await clock.advance(10);
    controller.abort(new Error('too late'));
    await clock.advance(0);
    expect(log).toEqual(['s@10']);
  });

  it('runAll fires everything, including sleeps scheduled along the way, and ends at the last time', async () => {
    const clock = new ManualClock();
    const log: number[] = [];
    void (async () => {
      for (const ms of [100, 200, 400]) {
        await clock.sleep(ms);
        log.push(clock.now());
      }
    })();
    void clock.sleep(5000).then(() => log.push(clock.now()));
    await clock.runAll();
    expect(log).toEqual([100, 300, 700, 5000]);
    expect(clock.now()).toBe(5000);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('runAll returns at once when nothing sleeps', async () => {
    const clock = new ManualClock(7);
    await clock.runAll();
    expect(clock.now()).toBe(7);
  });

  it('runAll stops an endless loop after `limit` steps', async () => {
    const clock = new ManualClock();
    let stop = false;
    void (async () => {
      while (!stop) await clock.sleep(1);
    })();
    await expect(clock.runAll(5)).rejects.toThrow(new Error('ManualClock.runAll: still 1 sleeps after 5 steps'));
    expect(clock.now()).toBe(5);
    stop = true;
    await clock.advance(1);
  });

  it('runAll refuses a sleep that can never fire', async () => {
    const clock = new ManualClock();
    void clock.sleep(Number.POSITIVE_INFINITY);
    await expect(clock.runAll()).rejects.toThrow(
      new Error('ManualClock.runAll: a sleep of Infinity ms can never fire'),
    );
  });

  it('set() moves time on without firing; sleeps it passed fire on the next advance; never goes back', async () => {
    const clock = new ManualClock();
    const { log, sleep } = recorder(clock);
    void sleep('a', 100);
    clock.set(500);
    await Promise.resolve();
    expect(log).toEqual([]);
    await clock.advance(0);
    expect(log).toEqual(['a@500']);
    expect(clock.now()).toBe(500);
  });

  it('runAll fires sleeps that set() moved past', async () => {
    const clock = new ManualClock();
    const { log, sleep } = recorder(clock);
    void sleep('a', 100);
    clock.set(500);
    await clock.runAll();
    expect(log).toEqual(['a@500']);
    expect(clock.now()).toBe(500);
  });

  it('rejects bad input with exact messages', async () => {
    const clock = new ManualClock(100);
    expect(() => clock.set(99)).toThrow(new RangeError('ManualClock.set: time may not go backwards (99 < 100)'));
    expect(() => clock.set(Number.NaN)).toThrow(
      new RangeError('ManualClock.set: now must be a finite number, got NaN'),
    );
    expect(() => new ManualClock(Number.NaN)).toThrow(
      new RangeError('ManualClock: start must be a finite number, got NaN'),
    );
    await expect(clock.advance(-1)).rejects.toThrow(
      new RangeError('ManualClock.advance: ms must be a finite number >= 0, got -1'),
    );
    await expect(clock.advance(Number.NaN)).rejects.toThrow(
      new RangeError('ManualClock.advance: ms must be a finite number >= 0, got NaN'),
    );
    await expect(clock.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    expect(clock.now()).toBe(100);
  });
});
