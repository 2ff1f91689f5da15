/**
 * Option checks at the boundary. Each throws a RangeError naming the component, the option and the value,
 * e.g. `CircuitBreaker "kraken": failureThreshold must be a positive integer, got -1`.
 */
export function optionError(where: string, option: string, expected: string, value: unknown): RangeError {
  return new RangeError(`${where}: ${option} must be ${expected}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

export function positiveInt(where: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw optionError(where, option, 'a positive integer', value);
  return value;
}

export function nonNegativeInt(where: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw optionError(where, option, 'a non-negative integer', value);
  return value;
}

export function nonNegativeNumber(where: string, option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw optionError(where, option, 'a finite number >= 0', value);
  }
  return value;
}

export function positiveNumber(where: string, option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw optionError(where, option, 'a finite number > 0', value);
  }
  return value;
}

export function percentage(where: string, option: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 100)) {
    throw optionError(where, option, 'a percentage in (0, 100]', value);
  }
  return value;
}
