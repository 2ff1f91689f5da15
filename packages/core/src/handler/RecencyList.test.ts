import { describe, expect, it } from 'vitest';
import { RecencyList } from './RecencyList.ts';

interface Entry {
  name: string;
  prev: Entry | undefined;
  next: Entry | undefined;
}

const entry = (name: string): Entry => ({ name, prev: undefined, next: undefined });
const names = (list: RecencyList<Entry>) => [...list].map((e) => e.name);

describe('RecencyList', () => {
  it('keeps entries oldest first through push, touch and remove', () => {
    const list = new RecencyList<Entry>();
    expect(list.oldest).toBeUndefined();
    const [a, b, c] = [entry('a'), entry('b'), entry('c')];
    list.push(a);
    list.push(b);
    list.push(c);
    expect(names(list)).toEqual(['a', 'b', 'c']);
    list.touch(a);
    expect(names(list)).toEqual(['b', 'c', 'a']);
    list.touch(a);
    expect(names(list)).toEqual(['b', 'c', 'a']);
    list.remove(c);
    expect(names(list)).toEqual(['b', 'a']);
    expect(c.prev).toBeUndefined();
    expect(c.next).toBeUndefined();
    list.remove(b);
    expect(list.oldest).toBe(a);
    list.remove(a);
    expect(list.oldest).toBeUndefined();
    expect(names(list)).toEqual([]);
    list.push(c);
    expect(names(list)).toEqual(['c']);
  });
});
