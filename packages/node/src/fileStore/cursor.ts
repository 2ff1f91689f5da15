import { StoreError } from '@breakwater/core';
import { FILE_DRIVER } from './fsError.ts';
import type { Segment } from './Segment.ts';

/** A record's place in the store: segment number and index in it. Never changes (see RemovedRecords). */
export interface Position {
  segment: number;
  index: number;
}

/** Opaque to callers: `<segment>.<index>` of the last record of the page; the next page starts below it. */
export function encodeCursor(position: Position): string {
  return `${position.segment}.${position.index}`;
}

/**
 * The position a cursor stands for. Records appended later do not move it; a prune may remove the records
 * after it (then the next pages hold what is left). A cursor that cannot come from this store — malformed, or
 * past its newest record — is rejected with the same words as every driver.
 */
export function decodeCursor(cursor: string, segments: readonly Segment[]): Position {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  const position = match ? { segment: Number(match[1]), index: Number(match[2]) } : undefined;
  const newest = segments.at(-1);
  const segment = position && segments.find((s) => s.number === position.segment);
  const beyond =
    !position ||
    !newest ||
    position.segment > newest.number ||
    (segment !== undefined && position.index >= segment.count);
  if (beyond) throw new StoreError(FILE_DRIVER, `query: cursor ${JSON.stringify(cursor)} is not one of this store's`);
  return position;
}
