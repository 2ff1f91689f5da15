import type { ErrorRecord } from '@breakwater/core';

export type ParsedLine = { record: ErrorRecord; reason?: undefined } | { record?: undefined; reason: string };

/**
 * One line of a segment back to a record, or why it is not one. The shape check is the minimum `append`
 * guarantees (an object with a string `id` and a finite `timestamp`), so a line of valid JSON that is not a
 * record — a stray `null`, a fragment of two torn writes — is reported rather than returned.
 */
export function parseRecordLine(text: string): ParsedLine {
  if (text.length === 0) return { reason: 'empty line' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'not an error record: not an object' };
  const record = value as Partial<ErrorRecord>;
  if (typeof record.id !== 'string') return { reason: 'not an error record: no string id' };
  if (typeof record.timestamp !== 'number' || !Number.isFinite(record.timestamp)) return { reason: 'not an error record: no finite timestamp' };
  return { record: value as ErrorRecord };
}
