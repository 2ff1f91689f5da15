import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../breaker/BreakerRegistry.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { ComponentBreakers, OVERFLOW_BREAKER } from './ComponentBreakers.ts';

const settings = { failureThreshold: 2 };

function setup(max: number) {
  const registry = new BreakerRegistry({ clock: new ManualClock() });
  return { registry, components: new ComponentBreakers(registry, max) };
}

describe('ComponentBreakers', () => {
  it('creates one breaker per component with the given settings, and returns the same one after', () => {
    const { registry, components } = setup(10);
    const a = components.get('a', settings);
    expect(components.get('a', settings)).toBe(a);
    expect(a.failureThreshold).toBe(2);
    expect(registry.all().map((b) => b.name)).toEqual(['a']);
  });

  it('past the bound drops the least recently used idle breaker it created', () => {
    const { registry, components } = setup(3);
    components.get('a', settings);
    components.get('b', settings);
    components.get('a', settings); // b is now the least recently used
    components.get('c', settings);
    expect(registry.all().map((b) => b.name)).toEqual(['a', 'c']);
  });

  it('never drops a breaker holding failures or one handed out by name; then components share the overflow breaker', () => {
    const { registry, components } = setup(3);
    registry.get('kraken'); // handed out by name elsewhere
    components.get('a', settings).recordFailure();
    const overflow = components.get('b', settings);
    expect(overflow.name).toBe(OVERFLOW_BREAKER);
    expect(components.get('c', settings)).toBe(overflow);
    expect(registry.all().map((b) => b.name)).toEqual(['kraken', 'a', OVERFLOW_BREAKER]);
    expect(registry.size).toBeLessThanOrEqual(3);
  });

  it('uses a breaker of the registry made elsewhere under the component name', () => {
    const { registry, components } = setup(3);
    const shared = registry.get('kraken');
    expect(components.get('kraken', settings)).toBe(shared);
  });
});
