import { describe, expect, it } from 'vitest';
import { BoundedCounter, OTHER_KEY } from './BoundedCounter.ts';

describe('BoundedCounter', () => {
  it('counts by key, past the bound under (other), so counts still sum to the total', () => {
    const counter = new BoundedCounter(2);
    for (const key of ['a', 'b', 'a', 'c', 'd', 'b', 'c']) counter.increment(key);
    expect(counter.toObject()).toEqual({ a: 2, b: 2, [OTHER_KEY]: 3 });
    expect(counter.size).toBe(3);
    expect([counter.get('a'), counter.get('c'), counter.get('zzz')]).toEqual([2, 0, 0]);
  });

  it('top(n): largest first, ties by first seen, without the overflow bucket', () => {
    const counter = new BoundedCounter(3);
    for (const key of ['x', 'y', 'y', 'z', 'z', 'w', 'w', 'w', 'v']) counter.increment(key);
    expect(counter.top(5)).toEqual([
      { key: 'y', count: 2 },
      { key: 'z', count: 2 },
      { key: 'x', count: 1 },
    ]);
    expect(counter.top(1)).toEqual([{ key: 'y', count: 2 }]);
    expect(counter.get(OTHER_KEY)).toBe(4);
  });

  it('increments by more than one and clears', () => {
    const counter = new BoundedCounter(1);
    counter.increment('a', 5);
    counter.increment('b', 3);
    expect(counter.toObject()).toEqual({ a: 5, [OTHER_KEY]: 3 });
    counter.clear();
    expect(counter.toObject()).toEqual({});
  });
});
