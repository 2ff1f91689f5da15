import { describe, expect, it } from 'vitest';
import { createErrorContext } from './createErrorContext.ts';
import { ErrorHistory } from './ErrorHistory.ts';

const ctx = (message: string) => createErrorContext({ operation: 'op', component: 'c', message, timestamp: 0 });
const messages = (history: ErrorHistory) => history.toArray().map((c) => c.message);

describe('ErrorHistory', () => {
  it('keeps the last `capacity` entries, oldest first, newest last', () => {
    const history = new ErrorHistory(3);
    expect(messages(history)).toEqual([]);
    for (const m of ['a', 'b']) history.push(ctx(m));
    expect(messages(history)).toEqual(['a', 'b']);
    for (const m of ['c', 'd', 'e']) history.push(ctx(m));
    expect(messages(history)).toEqual(['c', 'd', 'e']);
    expect([history.size, history.capacity]).toEqual([3, 3]);
  });

  it('resize keeps the newest that fit, in order', () => {
    const history = new ErrorHistory(4);
    for (const m of ['a', 'b', 'c', 'd', 'e']) history.push(ctx(m));
    history.resize(2);
    expect(messages(history)).toEqual(['d', 'e']);
    history.resize(5);
    history.push(ctx('f'));
    expect(messages(history)).toEqual(['d', 'e', 'f']);
    expect(history.capacity).toBe(5);
  });

  it('clear empties it', () => {
    const history = new ErrorHistory(2);
    history.push(ctx('a'));
    history.clear();
    expect([history.size, messages(history)]).toEqual([0, []]);
    history.push(ctx('b'));
    expect(messages(history)).toEqual(['b']);
  });
});
