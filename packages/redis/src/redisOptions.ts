/** Option checks at the boundary: a RangeError naming the factory, the option and the value. */
export function optionError(where: string, option: string, expected: string, value: unknown): RangeError {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || value == null
        ? String(value)
        : typeof value;
  return new RangeError(`${where}: ${option} must be ${expected}, got ${shown}`);
}

export function positiveNumber(where: string, option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw optionError(where, option, 'a finite number > 0', value);
  return value;
}

export function positiveInt(where: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw optionError(where, option, 'a positive integer', value);
  return value;
}

export function keyName(where: string, option: string, value: string): string {
  if (typeof value !== 'string' || value === '') throw optionError(where, option, 'a non-empty string', value);
  return value;
}

export function checkRedisOptions<
  T extends { timeoutMs: number; maxBuffered: number; retryIntervalMs: number; keyPrefix: string },
>(where: string, o: T): T {
  positiveNumber(where, 'timeoutMs', o.timeoutMs);
  positiveInt(where, 'maxBuffered', o.maxBuffered);
  positiveNumber(where, 'retryIntervalMs', o.retryIntervalMs);
  keyName(where, 'keyPrefix', o.keyPrefix);
  return o;
}
