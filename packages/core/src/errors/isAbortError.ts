/** True for the platform's abort errors (`DOMException` named AbortError) and look-alikes; never throws. */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  try {
    return (error as { name?: unknown }).name === 'AbortError';
  } catch {
    // An unreadable value (revoked Proxy, throwing getter) is not an abort: it counts as a failure.
    return false;
  }
}
