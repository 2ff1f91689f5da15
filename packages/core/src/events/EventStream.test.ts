import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from '..';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A stream and the log its listeners write to, each entry `listener:event`. */
function recorded() {
  const stream = new EventStream<string>();
  const log: string[] = [];
  const listener = (name: string) => (event: string) => void log.push(`${name}:${event}`);
  return { stream, log, listener };
}

describe('EventStream', () => {
  it('delivers to every listener in subscription order; emitting to nobody is a no-op', () => {
    const { stream, log, listener } = recorded();
    stream.emit('lost');
    stream.subscribe(listener('a'));
    stream.subscribe(listener('b'));
    stream.emit('x');
    expect(log).toEqual(['a:x', 'b:x']);
  });

  it('one function subscribed twice is two subscriptions, each ended on its own, order kept', () => {
    const { stream, log } = recorded();
    const f = (event: string) => void log.push(`f:${event}`);
    const g = (event: string) => void log.push(`g:${event}`);
    const first = stream.subscribe(f);
    stream.subscribe(g);
    stream.subscribe(f);
    stream.emit('1');
    first();
    first(); // a second call ends nothing more
    stream.emit('2');
    expect(log).toEqual(['f:1', 'g:1', 'f:1', 'g:2', 'f:2']);
  });

  it('active while someone listens; onActive on the first subscription, onIdle after the last ends', () => {
    const hooks: string[] = [];
    const stream = new EventStream<string>({
      onActive: () => void hooks.push('active'),
      onIdle: () => void hooks.push('idle'),
    });
    expect(stream.active).toBe(false);
    const a = stream.subscribe(() => {});
    const b = stream.subscribe(() => {});
    expect([stream.active, hooks]).toEqual([true, ['active']]);
    a();
    a();
    expect([stream.active, hooks]).toEqual([true, ['active']]);
    b();
    expect([stream.active, hooks]).toEqual([false, ['active', 'idle']]);
    stream.subscribe(() => {});
    expect(hooks).toEqual(['active', 'idle', 'active']);
  });

  it('an event emitted by a listener waits until the current one has reached every listener', () => {
    const { stream, log, listener } = recorded();
    stream.subscribe((event) => {
      log.push(`a:${event}`);
      if (event === 'outer') {
        stream.emit('inner1');
        stream.emit('inner2');
      }
    });
    stream.subscribe(listener('b'));
    stream.emit('outer');
    expect(log).toEqual(['a:outer', 'b:outer', 'a:inner1', 'b:inner1', 'a:inner2', 'b:inner2']);
  });

  it('a listener subscribed during an emit hears from the next event on, queued ones included', () => {
    const { stream, log, listener } = recorded();
    stream.subscribe((event) => {
      log.push(`a:${event}`);
      if (event === 'x') {
        stream.subscribe(listener('late'));
        stream.emit('queued');
      }
    });
    stream.subscribe(listener('b'));
    stream.emit('x');
    stream.emit('y');
    expect(log).toEqual(['a:x', 'b:x', 'a:queued', 'b:queued', 'late:queued', 'a:y', 'b:y', 'late:y']);
  });

  it('a listener ended during an emit still hears the current event, and none after it', () => {
    const { stream, log, listener } = recorded();
    let endB = (): void => {};
    stream.subscribe((event) => {
      log.push(`a:${event}`);
      if (event === 'x') {
        endB();
        stream.emit('queued');
      }
    });
    endB = stream.subscribe(listener('b'));
    stream.emit('x');
    stream.emit('y');
    expect(log).toEqual(['a:x', 'b:x', 'a:queued', 'a:y']);
  });

  it('a throwing listener stops neither the emit nor the others; its error is reported asynchronously', () => {
    const queued: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((cb) => void queued.push(cb));
    const { stream, log, listener } = recorded();
    const boom = new Error('boom');
    stream.subscribe(() => {
      throw boom;
    });
    stream.subscribe(listener('b'));
    expect(() => stream.emit('x')).not.toThrow();
    stream.emit('y');
    expect(log).toEqual(['b:x', 'b:y']);
    expect(queued).toHaveLength(2);
    expect(() => queued[0]!()).toThrow(boom);
  });
});
