/**
 * Why the store stopped using IndexedDB:
 * - `unavailable`: no `indexedDB` in this context (an old browser, a sandboxed iframe, a server render).
 * - `open-failed`: opening threw or failed (private mode, storage disabled by policy, a broken profile).
 * - `blocked`: an upgrade waited `openTimeoutMs` for other tabs that keep an older version open.
 * - `timeout`: opening neither succeeded nor failed within `openTimeoutMs`.
 * - `newer-version`: another tab upgraded the database to a schema this code does not know.
 * - `quota-exceeded`: a write failed for lack of storage.
 * - `failed`: any other failed read or write.
 */
export type FallbackReason =
  'unavailable' | 'open-failed' | 'blocked' | 'timeout' | 'newer-version' | 'quota-exceeded' | 'failed';

/** The store now keeps history in memory only: it still works, but history will not outlive the page. */
export interface StoreFallbackEvent {
  type: 'store.fallback';
  reason: FallbackReason;
  /** The platform's error as `Name: message` (plain data, safe to log or send to devtools). */
  error: string;
  /** Records carried over from IndexedDB into memory (what could still be read). */
  kept: number;
  /** By the store's clock. */
  at: number;
}

export type IndexedDbStoreEvent = StoreFallbackEvent;

/** `Name: message` of anything thrown, without keeping the thrown value. */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
  }
  return String(error);
}
