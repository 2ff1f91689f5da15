import { optionError } from '../errors/options.ts';
import { defaultRandom, systemClock, type Clock } from '../time/Clock.ts';
import { chaosPolicy, type ChaosOptions, type ChaosPolicy } from './ChaosPolicy.ts';

export interface ChaosLatencyOptions extends ChaosOptions {
  /** Added before a hit call runs, in ms. */
  ms: number;
  /** With it, the delay is spread uniformly over [ms, maxMs]. */
  maxMs?: number;
  clock?: Clock;
}

/** Delays a share of calls before running them (honouring the call's abort signal): slow exchanges on demand. */
export function chaosLatency(options: ChaosLatencyOptions): ChaosPolicy {
  const where = `chaos latency "${options.name ?? 'latency'}"`;
  const { ms, maxMs = ms } = options;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 2 ** 31 - 1)
    throw optionError(where, 'ms', 'a number of ms in [0, 2^31 - 1]', ms);
  if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < ms || maxMs > 2 ** 31 - 1) {
    throw optionError(where, 'maxMs', `a number of ms in [ms, 2^31 - 1] (ms is ${ms})`, maxMs);
  }
  const clock = options.clock ?? systemClock();
  const spread = options.random ?? defaultRandom;
  return chaosPolicy('latency', options, async (operation, context) => {
    await clock.sleep(maxMs === ms ? ms : ms + (maxMs - ms) * spread(), context.signal);
    return operation(context);
  });
}
