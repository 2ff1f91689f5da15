// Tiny assertions with no dependency, so the contract suite runs the same under vitest and in a real browser
// page (where it is bundled by vite and run without a test runner).

export class ContractFailure extends Error {
  override name = 'ContractFailure';
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  if (!deepEqual(actual, expected))
    throw new ContractFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export async function rejects(promise: Promise<unknown>, message: string | RegExp, what: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const ok = typeof message === 'string' ? text === message : message.test(text);
    if (!ok) throw new ContractFailure(`${what}: expected rejection ${String(message)}, got ${JSON.stringify(text)}`);
    return;
  }
  throw new ContractFailure(`${what}: expected a rejection, but it resolved`);
}
