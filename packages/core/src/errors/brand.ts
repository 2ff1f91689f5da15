/**
 * Guards test a brand property rather than `instanceof`, so they still work when two copies of the package
 * end up in one bundle.
 */
export function hasBrand(value: unknown, brand: symbol | string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string | symbol, unknown>)[brand] === true;
}
