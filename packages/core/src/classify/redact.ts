import { isSecretName } from './secretName.ts';
import { REDACTED, redactClipped } from './redactText.ts';

export { REDACTED, redactClipped, redactText } from './redactText.ts';

const MAX_STRING = 2048;
const MAX_ENTRIES = 100;
const MAX_NODES = 1000;

interface Walk {
  nodes: number;
  readonly ancestors: Set<object>;
}

function text(value: string): string {
  return redactClipped(value, MAX_STRING);
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function isErrorLike(value: object, tag: string): boolean {
  if (tag === 'Error' || tag === 'DOMException') return true;
  const v = value as { name?: unknown; message?: unknown; stack?: unknown };
  return typeof v.name === 'string' && typeof v.message === 'string' && typeof v.stack === 'string';
}

function copy(value: unknown, depth: number, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function${value.name ? `: ${value.name}` : ''}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (walk.ancestors.has(object)) return '[Circular]';
  if (++walk.nodes > MAX_NODES) return '[Truncated]';
  const tag = tagOf(object);
  if (isErrorLike(object, tag)) {
    const e = object as { name?: unknown; message?: unknown };
    return { name: typeof e.name === 'string' ? e.name : tag, message: text(String(e.message ?? '')) };
  }
  if (tag === 'Date') {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? 'Invalid Date' : (object as Date).toISOString();
  }
  if (tag === 'RegExp' || tag === 'URL' || tag === 'URLSearchParams') return text(String(object));
  if (ArrayBuffer.isView(object) || tag === 'ArrayBuffer') return `[${tag}]`;
  if (tag === 'Promise' || tag === 'WeakMap' || tag === 'WeakSet') return `[${tag}]`;
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Decimal, BigNumber and friends describe themselves; a toJSON returning itself is just an object.
    const json: unknown = toJSON.call(object);
    if (json !== object) return copy(json, depth, walk);
  }
  if (depth <= 0) return Array.isArray(object) ? `[Array(${object.length})]` : `[${tag}]`;

  walk.ancestors.add(object);
  try {
    if (Array.isArray(object)) return copyItems(object, object.length, depth, walk);
    if (tag === 'Set') return copyItems(object as Set<unknown>, (object as Set<unknown>).size, depth, walk);
    if (tag === 'Map' || tag === 'Headers' || tag === 'FormData') {
      return copyEntries((object as { entries(): Iterable<[unknown, unknown]> }).entries(), depth, walk);
    }
    return copyObject(object as Record<string, unknown>, depth, walk);
  } finally {
    walk.ancestors.delete(object);
  }
}

/** One hostile value (a throwing getter or toJSON, a revoked Proxy) spoils only its own entry. */
function safeCopy(value: unknown, depth: number, walk: Walk): unknown {
  try {
    return copy(value, depth, walk);
  } catch {
    return '[Unreadable]';
  }
}

function copyItems(items: Iterable<unknown>, total: number, depth: number, walk: Walk): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (out.length === MAX_ENTRIES) break;
    out.push(safeCopy(item, depth - 1, walk) ?? null);
  }
  if (total > out.length) out.push(`[… ${total - out.length} more]`);
  return out;
}

function copyEntry(out: Record<string, unknown>, key: string, item: unknown, depth: number, walk: Walk): void {
  const secret = isSecretName(key) && item !== null && item !== undefined && typeof item !== 'boolean';
  const copied = secret ? REDACTED : safeCopy(item, depth - 1, walk);
  if (copied !== undefined) out[key] = copied;
}

function copyEntries(entries: Iterable<[unknown, unknown]>, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (++count > MAX_ENTRIES) return omitted(out);
    copyEntry(out, String(key), item, depth, walk);
  }
  return out;
}

/** Own enumerable keys, read one by one so a throwing getter spoils only its own value. */
function copyObject(object: Record<string, unknown>, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(object);
  const n = Math.min(keys.length, MAX_ENTRIES);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    let item: unknown;
    try {
      item = object[key];
    } catch {
      item = '[Unreadable]';
    }
    copyEntry(out, key, item, depth, walk);
  }
  return keys.length > n ? omitted(out) : out;
}

function omitted(out: Record<string, unknown>): Record<string, unknown> {
  out['…'] = 'more entries omitted';
  return out;
}

/**
 * A deep copy of `value` as plain JSON-safe data with secrets removed: values under secret-looking keys
 * become `[REDACTED]`, every string goes through `redactText`, errors become `{ name, message }`,
 * functions and symbols are described, cycles become `[Circular]`. Bounded: `maxDepth` levels (default 6),
 * 100 entries per object or array, 1000 objects, 2048 characters per string. Never throws.
 */
export function redactValue(value: unknown, maxDepth = 6): unknown {
  try {
    return copy(value, maxDepth, { nodes: 0, ancestors: new Set() });
  } catch {
    return '[Unreadable]';
  }
}
