/** Deeper than this, a value counts as a fixed guess: events are shallow, and a walk must stay cheap. */
const MAX_DEPTH = 8;
const DEEP_GUESS = 64;

/**
 * About how many bytes `JSON.stringify(value)` would take, without building the string: what a queue of plain
 * data weighs. Strings count their length (exact for ASCII, low for other text), numbers a typical width.
 * Cheap enough for every event the handler emits: no allocation, one walk.
 */
export function approximateJsonBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return 8;
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      break;
    default:
      return 0; // undefined, functions: JSON leaves them out
  }
  if (value === null) return 4;
  if (depth >= MAX_DEPTH) return DEEP_GUESS;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value) bytes += approximateJsonBytes(item, depth + 1) + 1;
    return bytes;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    // A comma per entry: one byte high per non-empty container, and no second pass.
    if (item !== undefined && typeof item !== 'function')
      bytes += key.length + 4 + approximateJsonBytes(item, depth + 1);
  }
  return bytes;
}
