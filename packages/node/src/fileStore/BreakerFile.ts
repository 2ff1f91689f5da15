import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CircuitBreakerSnapshot } from '@breakwater/core';
import { errorCode, fsError } from './fsError.ts';
import { unreadableFile, type FileStoreWarning } from './FileStoreWarning.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export const BREAKERS_FILE = 'breakers.json';

/**
 * The latest snapshot of every breaker, as one small JSON file replaced atomically on every save (temp file,
 * fsync, rename, fsync of the directory — the fsyncs skipped in `never` mode). A crash mid-save leaves the
 * previous file whole; there is never a half-written one to read. Snapshots are few and small (one per
 * breaker), so rewriting the whole file is simpler than anything incremental and costs next to nothing.
 */
export class BreakerFile {
  readonly file: string;
  readonly #snapshots: Map<string, CircuitBreakerSnapshot>;

  private constructor(file: string, snapshots: Map<string, CircuitBreakerSnapshot>) {
    this.file = file;
    this.#snapshots = snapshots;
  }

  /** Reads the file; a damaged one is reported and the store starts with no snapshots (breakers start closed). */
  static async open(dir: string, warn: (warning: FileStoreWarning) => void): Promise<BreakerFile> {
    const file = join(dir, BREAKERS_FILE);
    const snapshots = new Map<string, CircuitBreakerSnapshot>();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new BreakerFile(file, snapshots);
      throw fsError('read', file, error);
    }
    try {
      const list: unknown = JSON.parse(text);
      if (!Array.isArray(list)) throw new Error('not a JSON array');
      list.forEach((s: Partial<CircuitBreakerSnapshot> | null, i) => {
        if (typeof s?.name !== 'string' || s.name === '') throw new Error(`entry ${i} has no breaker name`);
        snapshots.set(s.name, s as CircuitBreakerSnapshot);
      });
    } catch (error) {
      warn(unreadableFile(file, error instanceof Error ? error.message : String(error)));
      snapshots.clear();
    }
    return new BreakerFile(file, snapshots);
  }

  /** In name order, each a copy. */
  list(): CircuitBreakerSnapshot[] {
    return [...this.#snapshots.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((s) => structuredClone(s));
  }

  /**
   * Replaces the snapshots of the same names (taking them over: pass copies) and rewrites the file; what
   * `list()` returns changes only once the file is written.
   */
  async save(snapshots: readonly CircuitBreakerSnapshot[], sync: boolean): Promise<void> {
    const next = new Map(this.#snapshots);
    for (const s of snapshots) next.set(s.name, s);
    const sorted = [...next.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // One snapshot per line: a person reading the file sees one breaker per line.
    await writeFileAtomic(this.file, `[\n${sorted.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`, sync);
    this.#snapshots.clear();
    for (const s of sorted) this.#snapshots.set(s.name, s);
  }
}
