/** True for the platform's abort errors (`DOMException` named AbortError) and look-alikes. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
