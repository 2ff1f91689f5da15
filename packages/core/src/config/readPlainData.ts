import { formatPath, type ConfigIssue } from '../errors/ConfigError.ts';

/** Where a value sits, as a chain to its parent: a path is only spelled out for a problem. */
interface Place {
  parent: Place | undefined;
  key: PropertyKey;
}

function pathOf(place: Place | undefined): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let p = place; p !== undefined; p = p.parent) path.push(p.key);
  return path.reverse();
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

export interface PlainData {
  value: unknown;
  /** One per getter or Proxy trap that threw, at its path. */
  issues: ConfigIssue[];
  /** The first error thrown, for `ConfigError`'s cause. */
  cause?: unknown;
}

/**
 * A copy of `input` as plain lists and maps of own enumerable properties (what JSON would see), each read
 * exactly once. Schema checks then run on data that cannot throw or change under them: a throwing getter or
 * a revoked Proxy, at any depth, becomes an issue at its path. Shared and cyclic references stay shared; the
 * walk is a loop, not a recursion, so no nesting depth overflows the stack.
 */
export function readPlainData(input: unknown): PlainData {
  const result: PlainData = { value: undefined, issues: [] };
  const copies = new Map<object, unknown>();
  const work: Array<{ source: object; copy: Record<PropertyKey, unknown>; array: boolean; place: Place | undefined }> =
    [];

  const fail = (place: Place | undefined, error: unknown) => {
    if (result.issues.length === 0) result.cause = error;
    result.issues.push({ path: formatPath(pathOf(place)), message: `could not be read (${errorText(error)})` });
  };
  const read = <T>(place: Place | undefined, get: () => T): { ok: true; value: T } | { ok: false } => {
    try {
      return { ok: true, value: get() };
    } catch (error) {
      fail(place, error);
      return { ok: false };
    }
  };
  const copyOf = (value: unknown, place: Place | undefined): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (copies.has(value)) return copies.get(value);
    const array = read(place, () => Array.isArray(value));
    if (!array.ok) return undefined;
    const copy = array.value ? [] : {};
    copies.set(value, copy);
    work.push({ source: value, copy: copy as Record<PropertyKey, unknown>, array: array.value, place });
    return copy;
  };
  const set = (copy: Record<PropertyKey, unknown>, key: PropertyKey, value: unknown) => {
    // `__proto__` as a key (JSON.parse makes one) must stay a key, not become the copy's prototype.
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  };

  result.value = copyOf(input, undefined);
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const { source, copy, array, place } = item;
    const keys = read(place, () => (array ? undefined : Object.keys(source)));
    if (!keys.ok) continue;
    if (keys.value === undefined) {
      const list = source as readonly unknown[];
      const length = read(place, () => list.length);
      if (!length.ok) continue;
      for (let i = 0; i < length.value; i++) {
        const child: Place = { parent: place, key: i };
        const value = read(child, () => list[i]);
        if (value.ok) copy[i] = copyOf(value.value, child);
      }
    } else {
      const map = source as Record<string, unknown>;
      for (const key of keys.value) {
        const child: Place = { parent: place, key };
        const value = read(child, () => map[key]);
        if (value.ok) set(copy, key, copyOf(value.value, child));
      }
    }
  }
  return result;
}
