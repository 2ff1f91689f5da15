import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { parseScenario, type Locate, type ScenarioPath } from './parseScenario.ts';
import { ScenarioError } from './ScenarioError.ts';
import type { Scenario } from './scenarioSchema.ts';

/**
 * Reads a YAML scenario. Every problem — YAML syntax or a wrong value — carries the line and column of the
 * offending text, so the message points into the file: `phases[2].faults.reset: … (scenarios/x.yaml:14:14)`.
 */
export function loadScenario(yamlText: string, source?: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { path: '', message: error.message.split('\n')[0]!, line, column: col };
    });
    throw new ScenarioError(issues, source);
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ScenarioError([{ path: '', message: error instanceof Error ? error.message : String(error) }], source, {
      cause: error,
    });
  }
  return parseScenario(input, { ...(source === undefined ? {} : { source }), locate: locateIn(doc, lineCounter) });
}

function keyNode(doc: Document, path: ScenarioPath): unknown {
  const parent = doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key)?.key;
}

/** Positions through yaml's node ranges; a path missing from the text falls back to its nearest parent. */
function locateIn(doc: Document, lineCounter: LineCounter): Locate {
  return (path, at) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = at === 'key' && depth === path.length ? keyNode(doc, path) : doc.getIn(path.slice(0, depth), true);
      const range = isNode(node) ? (node as Node).range : undefined;
      if (range) {
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
}
