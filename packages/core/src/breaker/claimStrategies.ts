import type { BreakerStrategy } from './BreakerStrategy.ts';

/** The breaker that owns each strategy instance: one shared by two breakers would mix their windows. */
const owners = new WeakMap<BreakerStrategy, string>();

/**
 * Marks `strategies` as `name`'s; throws, naming the first one, if one already belongs to another breaker (or
 * appears twice in the list).
 */
export function claimStrategies(where: string, name: string, strategies: readonly BreakerStrategy[]): void {
  strategies.forEach((s, i) => {
    const owner = owners.get(s) ?? (strategies.indexOf(s) < i ? name : undefined);
    if (owner !== undefined) {
      throw new RangeError(
        `${where}: strategies[${i}] already belongs to circuit breaker "${owner}"; give each breaker its own instances`,
      );
    }
  });
  for (const s of strategies) owners.set(s, name);
}
