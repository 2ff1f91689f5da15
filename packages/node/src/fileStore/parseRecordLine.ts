import type { ErrorRecord } from '@breakwater/core';
import { checkFrame, FRAME_HEAD, isFramed } from './recordFrame.ts';

export type ParsedLine = { record: ErrorRecord; reason?: undefined } | { record?: undefined; reason: string };

/**
 * One line of a segment (`bytes[start, end)`, without its newline) back to a record, or why it is not one. A
 * framed line must pass its checksum first (see recordFrame); a format 1 line is read unchecked. The shape check
 * is the minimum `append` guarantees (an object with a string `id` and a finite `timestamp`), so a line of valid
 * JSON that is not a record — a stray `null`, a fragment of two torn writes — is reported rather than returned.
 */
export function parseRecordLine(bytes: Buffer, start: number, end: number): ParsedLine {
  if (end === start) return { reason: 'empty line' };
  let from = start;
  let to = end;
  if (isFramed(bytes, start)) {
    const damage = checkFrame(bytes, start, end);
    if (damage) return { reason: damage };
    from += FRAME_HEAD;
    to -= 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', from, to));
  } catch (error) {
    return { reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: 'not an error record: not an object' };
  const record = value as Partial<ErrorRecord>;
  if (typeof record.id !== 'string') return { reason: 'not an error record: no string id' };
  if (typeof record.timestamp !== 'number' || !Number.isFinite(record.timestamp))
    return { reason: 'not an error record: no finite timestamp' };
  return { record: value as ErrorRecord };
}

/**
 * Whether the line is still a readable record, as cheaply as possible: a framed line by its checksum alone (a
 * line that passes is the one `append` wrote), a format 1 line by parsing it. Undefined when readable.
 */
export function checkRecordLine(bytes: Buffer, start: number, end: number): string | undefined {
  if (end > start && isFramed(bytes, start)) return checkFrame(bytes, start, end);
  return parseRecordLine(bytes, start, end).reason;
}
