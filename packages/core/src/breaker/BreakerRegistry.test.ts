import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from '../events/EventStream.ts';
import { ManualClock } from '../time/ManualClock.ts';
import type { BreakerEvent } from './BreakerEvent.ts';
import { BreakerRegistry, getDefaultBreakerRegistry, setDefaultBreakerRegistry } from './BreakerRegistry.ts';
import { CircuitBreaker } from './CircuitBreaker.ts';
import type { BreakerStrategy } from './BreakerStrategy.ts';
import { FailureRate } from './FailureRate.ts';

const T0 = 1_700_000_000_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('BreakerRegistry.get', () => {
  it('creates a breaker on first use and returns the same object for the same name', () => {
    const registry = new BreakerRegistry();
    const kraken = registry.get('kraken');
    expect(kraken).toBeInstanceOf(CircuitBreaker);
    expect(registry.get('kraken')).toBe(kraken);
    expect(registry.get('kraken', { failureThreshold: 5 })).toBe(kraken);
    expect(registry.get('binance')).not.toBe(kraken);
    expect(registry.has('kraken')).toBe(true);
    expect(registry.has('coinbase')).toBe(false);
    expect(registry.all().map((b) => b.name)).toEqual(['kraken', 'binance']);
  });

  it('creates with the given settings over the registry defaults', () => {
    const registry = new BreakerRegistry({ defaults: { failureThreshold: 3, recoveryTimeoutMs: 5_000 } });
    const a = registry.get('a');
    const b = registry.get('b', { failureThreshold: 7, successThreshold: 2 });
    expect([a.failureThreshold, a.recoveryTimeoutMs, a.successThreshold]).toEqual([3, 5_000, 1]);
    expect([b.failureThreshold, b.recoveryTimeoutMs, b.successThreshold]).toEqual([7, 5_000, 2]);
  });

  it('a setting passed through unset (undefined) does not hide the registry default', () => {
    const registry = new BreakerRegistry({ defaults: { failureThreshold: 3 } });
    expect(registry.get('a', { failureThreshold: undefined, halfOpenMaxCalls: 2 }).failureThreshold).toBe(3);
  });

  it('throws when asked for an existing breaker with contradicting settings', () => {
    const registry = new BreakerRegistry();
    registry.get('kraken', { failureThreshold: 3 });
    expect(() => registry.get('kraken', { failureThreshold: 4 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with failureThreshold 3; asked for 4'),
    );
    expect(() => registry.get('kraken', { recoveryTimeoutMs: 1 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with recoveryTimeoutMs 60000; asked for 1'),
    );
    expect(() => registry.get('kraken', { halfOpenMaxCalls: 2 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with halfOpenMaxCalls 1; asked for 2'),
    );
    expect(() => registry.get('kraken', { successThreshold: 2 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with successThreshold 1; asked for 2'),
    );
    expect(() => registry.get('kraken', { maxHalfOpenWaitMs: 5 })).toThrow(
      new Error('Circuit breaker "kraken" already exists with maxHalfOpenWaitMs 60000; asked for 5'),
    );
    expect(
      registry.get('kraken', { failureThreshold: 3, recoveryTimeoutMs: 60_000, halfOpenMaxCalls: undefined }),
    ).toBe(registry.get('kraken'));
  });

  it('gives created breakers its clock', () => {
    const clock = new ManualClock(T0);
    const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 1, recoveryTimeoutMs: 1_000 } });
    const breaker = registry.get('kraken');
    breaker.recordFailure();
    clock.set(T0 + 400);
    expect(breaker.retryAfterMs).toBe(600);
  });

  it('passes bad settings on to the breaker’s own validation', () => {
    expect(() => new BreakerRegistry().get('kraken', { failureThreshold: -1 })).toThrow(
      new RangeError('CircuitBreaker "kraken": failureThreshold must be a positive integer, got -1'),
    );
    expect(() => new BreakerRegistry().get('')).toThrow(
      new RangeError('CircuitBreaker: name must be a non-empty string, got ""'),
    );
  });
});

describe('BreakerRegistry.setDefaults', () => {
  it('applies to breakers created afterwards only', () => {
    const registry = new BreakerRegistry({ defaults: { failureThreshold: 3 } });
    const before = registry.get('before');
    registry.setDefaults({ failureThreshold: 8, recoveryTimeoutMs: undefined });
    const after = registry.get('after');
    expect([before.failureThreshold, after.failureThreshold, after.recoveryTimeoutMs]).toEqual([3, 8, 60_000]);
  });
});

describe('BreakerRegistry.add', () => {
  it('registers a breaker made elsewhere, e.g. restored from a snapshot; the name must be free', () => {
    const registry = new BreakerRegistry();
    const restored = new CircuitBreaker({ name: 'kraken' });
    expect(registry.add(restored)).toBe(restored);
    expect(registry.get('kraken')).toBe(restored);
    expect(() => registry.add(new CircuitBreaker({ name: 'kraken' }))).toThrow(
      new Error('Circuit breaker "kraken" is already registered'),
    );
  });
});

describe('BreakerRegistry.stats', () => {
  it('lists every breaker’s stats in creation order', () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0), defaults: { failureThreshold: 1 } });
    registry.get('a').recordFailure();
    registry.get('b').recordSuccess();
    expect(registry.stats().map((s) => [s.name, s.state, s.totalRequests])).toEqual([
      ['a', 'OPEN', 1],
      ['b', 'CLOSED', 1],
    ]);
  });
});

describe('BreakerRegistry events', () => {
  it('forwards every breaker’s events, including breakers created or added while subscribed', () => {
    const clock = new ManualClock(T0);
    const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 1 } });
    const a = registry.get('a');
    const events: BreakerEvent[] = [];
    registry.subscribe((e) => events.push(e));
    a.recordFailure();
    registry.get('b').recordSuccess();
    registry.add(new CircuitBreaker({ name: 'c', clock })).isolate();
    expect(events).toEqual([
      { type: 'breaker.call', name: 'a', outcome: 'failure', durationMs: 0, at: T0 },
      { type: 'breaker.state', name: 'a', from: 'CLOSED', to: 'OPEN', at: T0, reason: 'failure-threshold' },
      { type: 'breaker.call', name: 'b', outcome: 'success', durationMs: 0, at: T0 },
      { type: 'breaker.state', name: 'c', from: 'CLOSED', to: 'OPEN', at: T0, reason: 'isolate' },
    ]);
  });

  it('keeps breakers silent (no event built) while nobody subscribes to the registry', () => {
    const emit = vi.spyOn(EventStream.prototype, 'emit');
    const registry = new BreakerRegistry({ defaults: { failureThreshold: 1 } });
    const a = registry.get('a');
    a.recordFailure();
    expect(emit).not.toHaveBeenCalled();

    const first = registry.subscribe(() => {});
    const second = registry.subscribe(() => {});
    a.reset();
    expect(emit).toHaveBeenCalledTimes(2); // the breaker's event, and the registry forwarding it
    first();
    a.isolate();
    expect(emit).toHaveBeenCalledTimes(4); // one subscriber left: still forwarding
    second();
    a.reset();
    registry.get('b').recordFailure(); // created while idle
    expect(emit).toHaveBeenCalledTimes(4);
  });

  it('resumes forwarding for every breaker when someone subscribes again', () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0) });
    const a = registry.get('a');
    registry.subscribe(() => {})();
    const b = registry.get('b');
    const names: string[] = [];
    registry.subscribe((e) => names.push(e.name));
    a.recordSuccess();
    b.recordSuccess();
    expect(names).toEqual(['a', 'b']);
  });

  it('redacts what a throwing isFailure said before its subscribers (the handler, the devtools feed) read it', () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0) });
    const a = registry.get('a', {
      isFailure: () => {
        throw new Error('invalid api key Zx9vQm2LkP0aB7cD3eF4 supplied');
      },
    });
    const own: BreakerEvent[] = [];
    const forwarded: BreakerEvent[] = [];
    a.subscribe((e) => own.push(e));
    registry.subscribe((e) => forwarded.push(e));
    const down = new Error('exchange down');
    expect(() =>
      a.call(() => {
        throw down;
      }),
    ).toThrow(down);
    // The breaker's own listeners are the code that wrote the predicate: they get its words as thrown.
    expect(own[0]).toEqual({
      type: 'breaker.predicate-error',
      name: 'a',
      message: 'Error: invalid api key Zx9vQm2LkP0aB7cD3eF4 supplied',
      at: T0,
    });
    expect(forwarded[0]).toEqual({
      type: 'breaker.predicate-error',
      name: 'a',
      message: 'Error: invalid api key [REDACTED] supplied',
      at: T0,
    });
    expect(forwarded.slice(1)).toEqual(own.slice(1));
  });

  it('does not disturb a breaker’s own subscribers', () => {
    const registry = new BreakerRegistry({ clock: new ManualClock(T0) });
    const a = registry.get('a');
    const own: BreakerEvent[] = [];
    a.subscribe((e) => own.push(e));
    registry.subscribe(() => {})();
    a.recordSuccess();
    expect(own).toHaveLength(1);
  });
});

describe('default registry', () => {
  it('is created lazily, shared, and replaceable (returning the previous one)', () => {
    const original = setDefaultBreakerRegistry(undefined);
    try {
      const first = getDefaultBreakerRegistry();
      expect(getDefaultBreakerRegistry()).toBe(first);
      const mine = new BreakerRegistry();
      expect(setDefaultBreakerRegistry(mine)).toBe(first);
      expect(getDefaultBreakerRegistry()).toBe(mine);
      expect(setDefaultBreakerRegistry(undefined)).toBe(mine);
      expect(getDefaultBreakerRegistry()).not.toBe(mine);
    } finally {
      setDefaultBreakerRegistry(original);
    }
  });
});

describe('BreakerRegistry with strategy instances in its defaults', () => {
  it('fails loudly on the second breaker rather than sharing one window between two breakers', () => {
    const registry = new BreakerRegistry({ defaults: { strategies: [new FailureRate()] } });
    registry.get('a');
    expect(() => registry.get('b')).toThrow(
      new RangeError(
        'CircuitBreaker "b": strategies[0] already belongs to circuit breaker "a"; give each breaker its own instances',
      ),
    );
    expect(registry.has('b')).toBe(false);
  });
});

describe('BreakerRegistry.restore', () => {
  /** A breaker with its own settings, opened at T0 and saved. */
  function saved(options: Partial<ConstructorParameters<typeof CircuitBreaker>[0]> = {}) {
    const clock = new ManualClock(T0);
    const breaker = new CircuitBreaker({
      name: 'kraken',
      clock,
      failureThreshold: 2,
      recoveryTimeoutMs: 30_000,
      strategies: [new FailureRate({ minimumCalls: 2, window: { type: 'count', size: 4 } })],
      ...options,
    });
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
    return JSON.parse(JSON.stringify(breaker.snapshot()));
  }
  const settings = () => ({
    failureThreshold: 2,
    recoveryTimeoutMs: 30_000,
    strategies: [new FailureRate({ minimumCalls: 2, window: { type: 'count' as const, size: 4 } })],
  });

  it('brings a breaker back with its saved settings: code asking with the same settings gets it, no error', () => {
    const clock = new ManualClock(T0 + 10_000);
    const registry = new BreakerRegistry({ clock, defaults: { failureThreshold: 5 } });
    const restored = registry.restore(saved(), { clock });
    expect(restored).toBeInstanceOf(CircuitBreaker);
    expect(registry.get('kraken', settings())).toBe(restored);
    expect([restored!.state, restored!.retryAfterMs, restored!.failureThreshold]).toEqual(['OPEN', 20_000, 2]);
    // Claimed by code: from now on it is an ordinary breaker, and contradicting it is an error again.
    expect(() => registry.get('kraken', { failureThreshold: 3 })).toThrow(
      'already exists with failureThreshold 2; asked for 3',
    );
  });

  it('code that now asks for other settings (a new release) gets a breaker with those, in the saved state', () => {
    const clock = new ManualClock(T0 + 10_000);
    const registry = new BreakerRegistry({ clock });
    const transitions: string[] = [];
    registry.onStateChange((e) => transitions.push(`${e.name} ${e.to}`));
    const restored = registry.restore(saved(), { clock })!;
    const now = registry.get('kraken', { failureThreshold: 3, recoveryTimeoutMs: 40_000 });
    expect(now).not.toBe(restored);
    expect(registry.get('kraken')).toBe(now);
    expect(registry.all()).toEqual([now]);
    expect([now.state, now.retryAfterMs, now.failureThreshold, now.snapshot().settings.strategies]).toEqual([
      'OPEN',
      30_000,
      3,
      null,
    ]);
    now.reset();
    expect(transitions).toEqual(['kraken CLOSED']);
  });

  it('keeps a snapshot with a user-defined strategy pending until code registers the breaker by name', () => {
    const custom = (): BreakerStrategy => ({
      failures: 0,
      record: (o) => (o.success ? undefined : 'failure-threshold'),
      reset() {},
    });
    const clock = new ManualClock(T0 + 10_000);
    const registry = new BreakerRegistry({ clock });
    expect(registry.restore(saved({ strategies: [custom()] }), { clock })).toBeUndefined();
    expect([registry.has('kraken'), registry.size, registry.pending]).toEqual([false, 0, ['kraken']]);
    const strategy = custom();
    const kraken = registry.get('kraken', { recoveryTimeoutMs: 30_000, strategies: [strategy] });
    expect([kraken.state, kraken.retryAfterMs, registry.pending]).toEqual(['OPEN', 20_000, []]);
    expect(kraken.snapshot().settings.strategies).toEqual([{ kind: 'custom' }]);
  });

  it('a version 1 snapshot comes back with the settings given for it', () => {
    const clock = new ManualClock(T0 + 10_000);
    const registry = new BreakerRegistry({ clock });
    const { settings: _, ...state } = saved();
    const restored = registry.restore({ ...state, version: 1 }, { clock, settings: { recoveryTimeoutMs: 60_000 } })!;
    expect([restored.state, restored.retryAfterMs, restored.failureThreshold]).toEqual(['OPEN', 50_000, 5]);
    // Code asking for its own settings gets them, the state kept: the old snapshot did not know them.
    expect(registry.get('kraken', settings()).retryAfterMs).toBe(20_000);
  });

  it('refuses a name that is already registered', () => {
    const registry = new BreakerRegistry();
    registry.get('kraken');
    expect(() => registry.restore(saved())).toThrow(new Error('Circuit breaker "kraken" is already registered'));
  });
});

describe('BreakerRegistry.onAdd', () => {
  it('tells of each breaker as it joins, created, added or rebuilt, until unsubscribed', () => {
    const registry = new BreakerRegistry();
    registry.get('before');
    const joined: string[] = [];
    const stop = registry.onAdd((b) => joined.push(`${b.name} ${b.failureThreshold}`));
    registry.get('kraken');
    registry.get('kraken'); // already there: not a join
    registry.add(new CircuitBreaker({ name: 'binance', failureThreshold: 2 }));
    stop();
    registry.get('coinbase');
    expect(joined).toEqual(['kraken 5', 'binance 2']);
  });
});
