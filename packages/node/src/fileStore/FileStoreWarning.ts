/**
 * What the file store reports instead of failing: damage it found and worked around. Each is a typed object
 * (discriminated by `type`) with the file and what of it is affected — the bytes `offset … offset + bytes - 1`,
 * and the 1-based line number of a line or the record range of lost records — plus a ready-made `message` for
 * logs in the driver's `file: <path>:<line>: …` form, which terminals and editors turn into a link. Every record
 * the store held and can no longer read is covered by at least one of: a corrupt line, a torn tail, lost records.
 */
export type FileStoreWarning =
  | TornTailWarning
  | CorruptLineWarning
  | LostRecordsWarning
  | InvalidRemovalWarning
  | StaleLockWarning
  | UnreadableFileWarning;

/** A half-open range `[from, to)`. */
export interface Range {
  from: number;
  to: number;
}

/**
 * The last line of the newest segment was cut short (no newline, or not valid JSON): a write that never
 * completed, so no `append` was acknowledged for it. It is truncated away on open, so later appends do not glue
 * onto it.
 */
export interface TornTailWarning {
  type: 'store.torn-tail';
  file: string;
  line: number;
  /** Where the line started, which is the file's size now. */
  offset: number;
  /** How many bytes were removed. */
  bytes: number;
  message: string;
}

/**
 * A line that is not a stored error record — not JSON, not a record, or its checksum does not match (a byte
 * changed since it was written); skipped, never fatal. Reported on every open while it is there (damage found
 * only by reading — same size, so the index still matched — when first read).
 */
export interface CorruptLineWarning {
  type: 'store.corrupt-line';
  file: string;
  line: number;
  /** Where the line starts in the file. */
  offset: number;
  /** Its length, with its newline if it has one. */
  bytes: number;
  reason: string;
  message: string;
}

/**
 * Records the segment's sidecar index listed that the segment no longer holds: the file was cut short
 * (truncated or emptied) or deleted. Reported once: the index is rewritten (or, for a deleted segment, removed).
 */
export interface LostRecordsWarning {
  type: 'store.lost-records';
  /** The segment file. */
  file: string;
  /** Records of the segment (0-based, in append order) as its index listed them; prune's removals left out. */
  records: Range;
  /** Where the first of them started in the file. */
  offset: number;
  /** How many bytes of the file they took (to where the index says the file ended). */
  bytes: number;
  reason: string;
  message: string;
}

/**
 * An entry of `removed.json` that cannot describe removed records (a negative start, a removal below it …): it
 * is ignored, so the records it would remove stay readable and counted (until the next prune removes them again).
 */
export interface InvalidRemovalWarning {
  type: 'store.invalid-removal';
  file: string;
  /** The segment number the entry is for, as written (a key that is not one is reported as it is). */
  segment: string;
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

export function tornTail(file: string, line: number, offset: number, bytes: number): TornTailWarning {
  return {
    type: 'store.torn-tail',
    file,
    line,
    offset,
    bytes,
    message: `file: ${file}:${line}: removed a torn last line (${bytes} bytes of a write that never completed)`,
  };
}

export function corruptLine(
  file: string,
  line: number,
  offset: number,
  bytes: number,
  reason: string,
): CorruptLineWarning {
  return {
    type: 'store.corrupt-line',
    file,
    line,
    offset,
    bytes,
    reason,
    message: `file: ${file}:${line}: skipped a corrupt line (${reason})`,
  };
}

export function lostRecords(
  file: string,
  records: Range,
  offset: number,
  bytes: number,
  reason: string,
): LostRecordsWarning {
  const n = records.to - records.from;
  const which = n === 1 ? `record ${records.from}` : `records ${records.from}–${records.to - 1}`;
  return {
    type: 'store.lost-records',
    file,
    records,
    offset,
    bytes,
    reason,
    message:
      `file: ${file}: lost ${n} ${n === 1 ? 'record' : 'records'} ` +
      `(${which}, bytes ${offset}–${offset + bytes - 1}): ${reason}`,
  };
}

export function invalidRemoval(file: string, segment: string, reason: string): InvalidRemovalWarning {
  return {
    type: 'store.invalid-removal',
    file,
    segment,
    reason,
    message: `file: ${file}: ignored the entry for segment ${segment} (${reason})`,
  };
}

export function staleLock(file: string, pid: number | null): StaleLockWarning {
  const owner = pid === null ? 'with no process id' : `of process ${pid}, which is no longer running`;
  return { type: 'store.stale-lock', file, pid, message: `file: ${file}: took over a stale lock ${owner}` };
}

export function unreadableFile(file: string, reason: string): UnreadableFileWarning {
  return {
    type: 'store.unreadable-file',
    file,
    reason,
    message: `file: ${file}: ignored, it cannot be read (${reason})`,
  };
}
