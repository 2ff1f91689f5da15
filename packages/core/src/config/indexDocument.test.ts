import { describe, expect, it } from 'vitest';
import { isMap, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { indexDocument } from './indexDocument.ts';

function parsed(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false });
  return { doc, lineCounter };
}

describe('indexDocument', () => {
  it('locates N keys of one map reading each of its entries once (no search per key)', () => {
    const n = 2000;
    const { doc, lineCounter } = parsed(
      ['error_handling:', ...Array.from({ length: n }, (_, i) => `  k${i}: ${i}`)].join('\n'),
    );
    // Count every read of the big map's entries, by whoever reads them.
    const map = doc.get('error_handling', true) as YAMLMap;
    expect(isMap(map)).toBe(true);
    let reads = 0;
    map.items = new Proxy(map.items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const { locate } = indexDocument(doc, lineCounter);
    const positions = Array.from({ length: n }, (_, i) => locate(['error_handling', `k${i}`], 'key'));
    expect(positions[0]).toStrictEqual({ line: 2, column: 3 });
    expect(positions[n - 1]).toStrictEqual({ line: n + 1, column: 3 });
    expect(reads).toBe(n);
  });

  it('points at keys, values, and the nearest enclosing node for what is not in the text', () => {
    const { doc, lineCounter } = parsed(
      ['a: &x { b: 1 }', 'c: *x', 'list:', '  - name: r', '1: one', 'm: { <<: *x, d: 2 }'].join('\n'),
    );
    const { locate } = indexDocument(doc, lineCounter);
    expect(locate(['a', 'b'], 'key')).toStrictEqual({ line: 1, column: 9 });
    expect(locate(['a', 'b'], 'value')).toStrictEqual({ line: 1, column: 12 });
    expect(locate(['c', 'b'], 'value')).toStrictEqual({ line: 2, column: 4 }); // through an alias: the alias
    expect(locate(['list', 0, 'name'], 'value')).toStrictEqual({ line: 4, column: 11 });
    expect(locate(['list', 0, 'category'], 'value')).toStrictEqual({ line: 4, column: 5 }); // missing: its map
    expect(locate(['list', 0], 'key')).toStrictEqual({ line: 4, column: 3 }); // a list item has no key: the list
    expect(locate(['1'], 'key')).toStrictEqual({ line: 5, column: 1 });
    expect(locate(['m', 'b'], 'value')).toStrictEqual({ line: 6, column: 4 }); // merged in: the map
    expect(locate([], 'value')).toStrictEqual({ line: 1, column: 1 });
    expect(indexDocument(parsed('').doc, lineCounter).locate(['a'], 'key')).toBeUndefined();
  });

  it('finds duplicate keys in every map, at the repeated key', () => {
    const { doc, lineCounter } = parsed(['a: 1', 'b: { x: 1, x: 2 }', 'a: 3', 'l: [{ y: 1 }, { y: 2 }]'].join('\n'));
    expect(indexDocument(doc, lineCounter).duplicateKeys).toStrictEqual([
      { path: '', message: 'Map keys must be unique', line: 3, column: 1 },
      { path: '', message: 'Map keys must be unique', line: 2, column: 12 },
    ]);
  });
});
