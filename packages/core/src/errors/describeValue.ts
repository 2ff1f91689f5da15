/** A value as a config author would recognise it: YAML terms for collections, quotes around strings. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try {
      if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
      return Object.keys(value).length === 0 ? 'an empty map' : 'a map';
    } catch {
      // A revoked Proxy, or one whose traps throw: describing the value must not fail in its turn.
      return 'an unreadable object';
    }
  }
  // numbers (NaN and ±Infinity included, as YAML's .nan and .inf load), booleans, null, bigint
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) {
    return String(value);
  }
  return typeof value;
}
