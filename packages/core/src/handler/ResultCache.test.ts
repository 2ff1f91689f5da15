import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/ManualClock.ts';
import { ResultCache } from './ResultCache.ts';

describe('ResultCache', () => {
  it('serves a value for ttlMs, then forgets it', async () => {
    const clock = new ManualClock(1000);
    const cache = new ResultCache({ ttlMs: 500, maxEntries: 10, clock });
    cache.set('fetchTicker', { last: 1 });
    await clock.advance(500);
    expect(cache.get('fetchTicker')).toEqual({ value: { last: 1 }, ageMs: 500 });
    await clock.advance(1);
    expect(cache.get('fetchTicker')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps falsy values (null, 0, empty string) as values', () => {
    const cache = new ResultCache({ ttlMs: 10, maxEntries: 10, clock: new ManualClock() });
    cache.set('a', null);
    cache.set('b', 0);
    cache.set('c', '');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      { value: null, ageMs: 0 },
      { value: 0, ageMs: 0 },
      { value: '', ageMs: 0 },
    ]);
  });

  it('holds at most maxEntries keys, dropping the least recently stored', () => {
    const cache = new ResultCache({ ttlMs: 10, maxEntries: 2, clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // stored again: now the newest
    cache.set('c', 4);
    expect([cache.get('a')?.value, cache.get('b'), cache.get('c')?.value]).toEqual([3, undefined, 4]);
    expect(cache.size).toBe(2);
  });

  it('a new value restarts the TTL; clear empties it', async () => {
    const clock = new ManualClock();
    const cache = new ResultCache({ ttlMs: 100, maxEntries: 2, clock });
    cache.set('a', 1);
    await clock.advance(80);
    cache.set('a', 2);
    await clock.advance(80);
    expect(cache.get('a')).toEqual({ value: 2, ageMs: 80 });
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});
