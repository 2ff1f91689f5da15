/**
 * Guards test a brand property rather than `instanceof`, so they still work when two copies of the package
 * end up in one bundle. Total: a thrown value can be anything (a revoked Proxy, a throwing getter), and a
 * guard that throws would replace the caller's error, or crash the process from a promise callback.
 */
export function hasBrand(value: unknown, brand: symbol | string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Record<string | symbol, unknown>)[brand] === true;
  } catch {
    return false;
  }
}
