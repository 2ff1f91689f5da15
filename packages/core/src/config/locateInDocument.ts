import { isMap, isNode, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { Locate } from './parseConfig.ts';

function keyNode(doc: Document, path: readonly PropertyKey[]): unknown {
  const parent = doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key)?.key;
}

/**
 * Positions of config paths in a parsed YAML document, through yaml's own node ranges. A path that does not
 * exist in the text (a missing required key, a value reached through an alias or merge key) falls back to
 * the nearest enclosing node that does, so every problem still points somewhere useful.
 */
export function locateInDocument(doc: Document, lineCounter: LineCounter): Locate {
  return (path, at) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown =
        at === 'key' && depth === path.length ? keyNode(doc, path) : doc.getIn(path.slice(0, depth), true);
      const range = isNode(node) ? (node as Node).range : undefined;
      if (range) {
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
}
