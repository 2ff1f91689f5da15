/**
 * What the file store reports instead of failing: damage it found and worked around. Each is a typed object
 * (discriminated by `type`) with the file and, for lines, the 1-based line number, plus a ready-made `message`
 * for logs in the driver's `file: <path>:<line>: …` form, which terminals and editors turn into a link.
 */
export type FileStoreWarning = TornTailWarning | CorruptLineWarning | StaleLockWarning | UnreadableFileWarning;

/**
 * The last line of the newest segment was cut short (no newline, or not valid JSON): a write that never
 * completed, so no `append` was acknowledged for it. It is truncated away on open, so later appends do not glue
 * onto it.
 */
export interface TornTailWarning {
  type: 'store.torn-tail';
  file: string;
  line: number;
  /** How many bytes were removed. */
  bytes: number;
  message: string;
}

/** A line that is not a stored error record; skipped, never fatal. Reported on every open while it is there. */
export interface CorruptLineWarning {
  type: 'store.corrupt-line';
  file: string;
  line: number;
  reason: string;
  message: string;
}

/** The lock file named a process that is no longer running (it exited without `close()`); taken over. */
export interface StaleLockWarning {
  type: 'store.stale-lock';
  file: string;
  /** The dead process's id, or null when the lock file did not hold one. */
  pid: number | null;
  message: string;
}

/** `breakers.json` or `removed.json` could not be read; the store went on without it. */
export interface UnreadableFileWarning {
  type: 'store.unreadable-file';
  file: string;
  reason: string;
  message: string;
}

export function tornTail(file: string, line: number, bytes: number): TornTailWarning {
  return { type: 'store.torn-tail', file, line, bytes, message: `file: ${file}:${line}: removed a torn last line (${bytes} bytes of a write that never completed)` };
}

export function corruptLine(file: string, line: number, reason: string): CorruptLineWarning {
  return { type: 'store.corrupt-line', file, line, reason, message: `file: ${file}:${line}: skipped a corrupt line (${reason})` };
}

export function staleLock(file: string, pid: number | null): StaleLockWarning {
  const owner = pid === null ? 'with no process id' : `of process ${pid}, which is no longer running`;
  return { type: 'store.stale-lock', file, pid, message: `file: ${file}: took over a stale lock ${owner}` };
}

export function unreadableFile(file: string, reason: string): UnreadableFileWarning {
  return { type: 'store.unreadable-file', file, reason, message: `file: ${file}: ignored, it cannot be read (${reason})` };
}
