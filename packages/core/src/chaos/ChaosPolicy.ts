import { optionError } from '../errors/options.ts';
import { defaultRandom, type Random } from '../time/Clock.ts';
import { createDecorator, type AsyncDecorator } from '../wrappers/createDecorator.ts';
import { contextOf, type ExecutionContext, type Operation, type Policy } from '../wrappers/Policy.ts';

export type ChaosKind = 'fault' | 'latency' | 'outcome';

export interface ChaosOptions {
  /** How it is listed and switched (a panel, a log). Default: the kind. */
  name?: string;
  /** Share of calls hit while enabled, in [0, 1]. */
  rate: number;
  /** Off unless enabled: here, or later with `enabled = true`. Default false. */
  enabled?: boolean;
  /** Decides which calls are hit; seed it (`seededRandom`) for a repeatable run. */
  random?: Random;
}

/**
 * A policy that injects trouble into a share of calls, like Polly's chaos strategies (Simmy): composable with
 * `compose()`, usable as a wrapper or decorator, and switchable at run time. While disabled it costs one check.
 */
export interface ChaosPolicy extends AsyncDecorator, Policy {
  readonly kind: ChaosKind;
  readonly name: string;
  readonly rate: number;
  /** Switch it on or off at any time; calls already hit finish as they started. */
  enabled: boolean;
  /** Calls hit so far. */
  readonly injected: number;
}

/**
 * Builds a chaos policy: `inject` replaces (or delays) the operation on a hit; other calls run as they are.
 * The random source is read only while enabled, so a seeded run repeats from the moment it is switched on.
 */
export function chaosPolicy(
  kind: ChaosKind,
  options: ChaosOptions,
  inject: <T>(operation: Operation<T>, context: ExecutionContext) => Promise<T>,
): ChaosPolicy {
  const name = options.name ?? kind;
  const where = `chaos ${kind} "${name}"`;
  if (typeof options.rate !== 'number' || !(options.rate >= 0 && options.rate <= 1))
    throw optionError(where, 'rate', 'a number in [0, 1]', options.rate);
  if (options.random !== undefined && typeof options.random !== 'function')
    throw optionError(where, 'random', 'a function', options.random);
  const random = options.random ?? defaultRandom;
  let enabled = options.enabled ?? false;
  let injected = 0;

  const execute = <T>(operation: Operation<T>, context?: Partial<ExecutionContext>): Promise<T> => {
    const ctx = contextOf(context);
    if (ctx.signal?.aborted) return Promise.reject(ctx.signal.reason);
    if (enabled && random() < options.rate) {
      injected++;
      return inject(operation, ctx);
    }
    return new Promise<T>((run) => run(operation(ctx)));
  };

  const policy = createDecorator(
    `${where}`,
    (fn) =>
      function (this: unknown, ...args: unknown[]) {
        return execute(() => fn.apply(this, args));
      },
    true,
  ) as ChaosPolicy;
  Object.defineProperties(policy, {
    kind: { value: kind, enumerable: true },
    name: { value: name, enumerable: true, configurable: true },
    rate: { value: options.rate, enumerable: true },
    enabled: {
      get: () => enabled,
      set: (value: unknown) => {
        if (typeof value !== 'boolean') throw optionError(where, 'enabled', 'a boolean', value);
        enabled = value;
      },
      enumerable: true,
    },
    injected: { get: () => injected, enumerable: true },
    execute: { value: execute },
  });
  return policy;
}
