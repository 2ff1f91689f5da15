/**
 * A copy of `object` without its `undefined` entries, so a converted config holds exactly the keys its
 * source gave (deep equality and `'key' in config` then say what the file said, nothing more).
 */
export function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
