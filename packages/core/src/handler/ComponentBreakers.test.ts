import { describe, expect, it } from 'vitest';
import { BreakerRegistry, type BreakerSettings } from '../breaker/BreakerRegistry.ts';
import { CircuitBreaker } from '../breaker/CircuitBreaker.ts';
import { ManualClock } from '../time/ManualClock.ts';
import { ComponentBreakers, OVERFLOW_BREAKER } from './ComponentBreakers.ts';
import { createErrorContext } from './createErrorContext.ts';
import { ErrorHandler } from './ErrorHandler.ts';

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

  it('never drops a breaker holding failures or handed out by name; then components share the overflow breaker', () => {
    const { registry, components } = setup(3);
    registry.get('kraken'); // handed out by name elsewhere
    components.get('a', settings).recordFailure();
    const overflow = components.get('b', settings);
    expect(overflow.name).toBe(OVERFLOW_BREAKER);
    expect(components.get('c', settings)).toBe(overflow);
    expect(registry.all().map((b) => b.name)).toEqual(['kraken', 'a', OVERFLOW_BREAKER]);
    expect(registry.size).toBeLessThanOrEqual(3);
  });

  it('a breaker the handler sees recover is droppable again, as the most recently used', () => {
    const { registry, components } = setup(3);
    components.get('a', settings).recordFailure();
    components.recorded('a');
    components.get('b', settings);
    components.get('a', settings).recordSuccess();
    components.recorded('a');
    components.get('c', settings);
    expect(registry.all().map((b) => b.name)).toEqual(['a', 'c']);
  });

  it('finds a breaker that became idle unheard of (reset by hand) when nothing else can be dropped', () => {
    const { registry, components } = setup(3);
    for (const name of ['a', 'b']) {
      components.get(name, settings).recordFailure();
      components.recorded(name);
    }
    registry.get('a').reset();
    components.get('c', settings);
    expect(registry.all().map((b) => b.name)).toEqual(['b', 'c']);
  });

  it('never drops a breaker registered under a component name by someone else after its own was removed', () => {
    const { registry, components } = setup(3);
    components.get('a', settings);
    components.get('b', settings);
    registry.remove('a');
    const theirs = registry.get('a'); // handed out by name
    components.get('c', settings);
    expect(registry.all().map((b) => b.name)).toEqual(['a', 'c']);
    expect(registry.get('a')).toBe(theirs);
  });

  it('uses a breaker of the registry made elsewhere under the component name', () => {
    const { registry, components } = setup(3);
    const shared = registry.get('kraken');
    expect(components.get('kraken', settings)).toBe(shared);
  });
});

/**
 * A registry whose breakers count every read of `state` and `failureCount`: the work of deciding whether a
 * breaker is idle, which is what finding one to drop costs.
 */
function countingRegistry() {
  const reads = { count: 0 };
  const getters = (['state', 'failureCount'] as const).map(
    (key) => [key, Object.getOwnPropertyDescriptor(CircuitBreaker.prototype, key)!.get!] as const,
  );
  class CountingRegistry extends BreakerRegistry {
    override get(name: string, settings?: BreakerSettings): CircuitBreaker {
      const created = !this.has(name);
      const breaker = super.get(name, settings);
      if (created) {
        for (const [key, getter] of getters) {
          Object.defineProperty(breaker, key, {
            get() {
              reads.count++;
              return getter.call(this);
            },
          });
        }
      }
      return breaker;
    }
  }
  return { registry: new CountingRegistry({ clock: new ManualClock() }), reads };
}

describe('ComponentBreakers: finding a breaker to drop costs O(1) amortised', () => {
  it('a new component past the bound inspects a constant number of breakers, not all 2000 busy ones', () => {
    const { registry, reads } = countingRegistry();
    const components = new ComponentBreakers(registry, 2001);
    for (let i = 0; i < 2000; i++) components.get(`c${i}`, settings).recordFailure(); // unknown to `components`
    components.get('new-0', settings); // may look at each busy breaker once, to learn it is busy
    reads.count = 0;
    for (let i = 1; i <= 100; i++) expect(components.get(`new-${i}`, settings).name).toBe(OVERFLOW_BREAKER);
    // Per new component: the two longest-unchecked busy breakers are looked at again (state, and failureCount
    // while CLOSED) — 4 reads, whatever the number of breakers.
    expect(reads.count).toBe(100 * 2 * 2);
    expect(registry.size).toBe(2001);
  });

  it('through the handler: a component whose call succeeds again is droppable at once', async () => {
    const handler = new ErrorHandler({ maxTrackedKeys: 5 }, { clock: new ManualClock(), recoveryActions: [] });
    const fail = (component: string) => handler.handle(createErrorContext({ operation: 'fetch_ticker', component }));
    for (const name of ['a', 'b', 'c', 'd']) await fail(name);
    handler.recordSuccess('d');
    await fail('e');
    expect(handler.breakers.all().map((b) => b.name)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('handler: 2000 components over maxTrackedKeys 1000 cost O(1) inspections per new failing component', async () => {
    const { registry, reads } = countingRegistry();
    const handler = new ErrorHandler(
      { maxTrackedKeys: 1000, circuitBreaker: { failureThreshold: 1_000_000 } },
      { clock: new ManualClock(), recoveryActions: [], registry },
    );
    const fail = (component: string) => handler.handle(createErrorContext({ operation: 'fetch_ticker', component }));
    for (let i = 0; i < 2000; i++) await fail(`c${i}`);
    reads.count = 0;
    for (let i = 2000; i < 2100; i++) await fail(`c${i}`);
    // Per handle: 2 busy breakers rechecked (4 reads); the failure then lands on the overflow breaker, which
    // needs no look. Before: every one of the 999 busy breakers, twice.
    expect(reads.count).toBe(100 * 2 * 2);
    expect(registry.size).toBe(1000);
    expect(registry.has(OVERFLOW_BREAKER)).toBe(true);
  });
});
