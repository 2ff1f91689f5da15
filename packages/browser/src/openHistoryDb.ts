import type { Clock } from '@breakwater/core';
import { wrap } from 'idb';
import type { HistoryDb, UpgradeStep, UpgradeTransaction } from './HistoryDb.ts';
import { HISTORY_DB_VERSION, historyDbSteps, upgradeHistoryDb } from './HistoryDbSchema.ts';
import { describeError, type FallbackReason } from './IndexedDbStoreEvent.ts';

export interface OpenHistoryDbOptions {
  /**
   * Reads the factory (`globalThis.indexedDB` unless injected); called once, inside the attempt, because even
   * reading it can throw (a SecurityError in some sandboxed frames).
   */
  factory: () => IDBFactory | undefined;
  name: string;
  clock: Clock;
  /** How long to wait for the open (and any upgrade, blocked or not) before giving up. */
  timeoutMs: number;
  /** Another connection wants a newer version, or to delete the database: this one must close so it can. */
  onVersionChange(db: HistoryDb): void;
  /** The browser closed the connection on its own (site data cleared, disk failure). */
  onTerminated(db: HistoryDb): void;
  /** For tests of versioned upgrades; defaults to this code's schema. */
  version?: number;
  steps?: readonly UpgradeStep[];
}

export type OpenHistoryDbResult = { ok: true; db: HistoryDb } | { ok: false; reason: FallbackReason; error: string };

/**
 * idb's `openDB`, but on a given factory, bounded in time, and resolving to a result instead of rejecting:
 * the store decides what a failure means (fall back to memory). Waiting on `blocked` is bounded because the
 * tab that blocks (an older version of the app left open) may never close its connection.
 */
export async function openHistoryDb(options: OpenHistoryDbOptions): Promise<OpenHistoryDbResult> {
  const version = options.version ?? HISTORY_DB_VERSION;
  const steps = options.steps ?? historyDbSteps;
  let request: IDBOpenDBRequest;
  try {
    const factory = options.factory();
    if (!factory)
      return { ok: false, reason: 'unavailable', error: 'ReferenceError: indexedDB is not available in this context' };
    request = factory.open(options.name, version);
  } catch (error) {
    return { ok: false, reason: 'open-failed', error: describeError(error) };
  }

  let blocked = false;
  let upgradeError: unknown;
  request.addEventListener('blocked', () => (blocked = true));
  request.addEventListener('upgradeneeded', (event) => {
    const tx = request.transaction!;
    const upgrade = wrap(tx) as unknown as UpgradeTransaction;
    upgrade.done.catch(() => undefined); // an aborted upgrade fails the open below; its `done` is not news
    // Aborting the upgrade fails the open with an AbortError; the database stays at its old version, data and all.
    const fail = (error: unknown) => {
      upgradeError ??= error;
      try {
        tx.abort();
      } catch {
        // Already aborted: a request of a step that moves data failed.
      }
    };
    try {
      upgradeHistoryDb(
        wrap(request.result) as HistoryDb,
        event.oldVersion,
        event.newVersion ?? version,
        upgrade,
        steps,
      )?.catch(fail);
    } catch (error) {
      fail(error);
    }
  });

  const opened = new Promise<IDBDatabase>((resolve, reject) => {
    request.addEventListener('success', () => resolve(request.result));
    request.addEventListener('error', (event) => {
      event.preventDefault(); // handled here: not reported to the page as an uncaught error
      reject(upgradeError ?? request.error);
    });
  });
  const stopTimer = new AbortController();
  const timedOut = options.clock.sleep(options.timeoutMs, stopTimer.signal).then(
    () => true,
    () => false,
  );

  const outcome = await Promise.race([
    opened.then(
      (raw) => ({ raw }),
      (error: unknown) => ({ error }),
    ),
    timedOut.then((timeout) => (timeout ? ({ timeout } as const) : new Promise<never>(() => {}))),
  ]);
  stopTimer.abort();

  if ('timeout' in outcome) {
    // Should the open still succeed later, release it at once so it blocks nobody else's upgrade.
    opened.then(
      (raw) => raw.close(),
      () => undefined,
    );
    const reason = blocked ? 'blocked' : 'timeout';
    const waiting = blocked ? 'for other tabs to close an older version of the database' : 'for the database to open';
    return { ok: false, reason, error: `TimeoutError: waited ${options.timeoutMs} ms ${waiting}` };
  }
  if ('error' in outcome) {
    const error = outcome.error;
    const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    return {
      ok: false,
      reason: name === 'VersionError' ? 'newer-version' : 'open-failed',
      error: describeError(error),
    };
  }

  const db = wrap(outcome.raw) as HistoryDb;
  outcome.raw.addEventListener('versionchange', () => options.onVersionChange(db));
  outcome.raw.addEventListener('close', () => options.onTerminated(db));
  return { ok: true, db };
}
