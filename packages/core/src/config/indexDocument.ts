import { isCollection, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from '../errors/ConfigError.ts';
import type { Locate } from './parseConfig.ts';

/** A node of the document, by the key or index its parent holds it at: offsets of its key and its value. */
interface Place {
  keyAt?: number;
  valueAt?: number;
  children?: Map<PropertyKey, Place>;
}

export interface DocumentIndex {
  /** Positions of config paths, for issues and warnings. */
  locate: Locate;
  /** Keys given twice in one map: yaml's own check compares every key with every earlier one (quadratic). */
  duplicateKeys: ConfigIssue[];
}

function offsetOf(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}

/** The key `toJS` gives a scalar key in a JS object. */
function keyOf(value: unknown): string {
  return value === null ? '' : String(value);
}

/**
 * One walk over a parsed YAML document (parsed with `uniqueKeys: false`) that finds duplicate keys and maps
 * every path to its position, so locating N problems costs O(document + N × depth), not O(N × map size). A
 * path that does not exist in the text (a missing key, a value reached through an alias or merge key) falls
 * back to the nearest enclosing node that does, so every problem still points somewhere useful. Aliases are
 * not followed: they are positions of their own.
 */
export function indexDocument(doc: Document, lineCounter: LineCounter): DocumentIndex {
  const root: Place = {};
  const rootAt = offsetOf(doc.contents);
  if (rootAt !== undefined) root.valueAt = rootAt;
  const duplicateKeys: ConfigIssue[] = [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const work: Array<{ node: unknown; place: Place }> = [{ node: doc.contents, place: root }];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const { node, place } = item;
    const children = new Map<PropertyKey, Place>();
    place.children = children;
    const add = (key: PropertyKey, child: Place, value: unknown) => {
      // The first of two equal keys is the one getIn used to find: keep it.
      if (!children.has(key)) children.set(key, child);
      if (isCollection(value)) work.push({ node: value, place: child });
    };
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const child: Place = {};
        const keyAt = offsetOf(pair.key);
        const valueAt = offsetOf(pair.value);
        if (keyAt !== undefined) child.keyAt = keyAt;
        if (valueAt !== undefined) child.valueAt = valueAt;
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value) && keyAt !== undefined) {
          duplicateKeys.push({ path: '', message: 'Map keys must be unique', ...position(keyAt) });
        }
        seen.add(pair.key.value);
        add(keyOf(pair.key.value), child, pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach((value, index) => {
        const valueAt = offsetOf(value);
        add(index, valueAt === undefined ? {} : { valueAt }, value);
      });
    }
  }

  const locate: Locate = (path, at) => {
    const places: Place[] = [root];
    for (const segment of path) {
      const next = places[places.length - 1]!.children?.get(segment);
      if (next === undefined) break;
      places.push(next);
    }
    const found = places.length === path.length + 1;
    const last = places[places.length - 1]!;
    if (at === 'key' && found && path.length > 0) {
      if (last.keyAt !== undefined) return position(last.keyAt);
      places.pop(); // no key of its own (a list item): its parent, as before
    }
    for (let i = places.length - 1; i >= 0; i--) {
      const valueAt = places[i]!.valueAt;
      if (valueAt !== undefined) return position(valueAt);
    }
    return undefined;
  };
  return { locate, duplicateKeys };
}
