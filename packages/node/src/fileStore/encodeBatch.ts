import { StoreError, type ErrorRecord } from '@breakwater/core';
import { FILE_DRIVER } from './fsError.ts';
import { FRAME_BYTES, FRAME_HEAD, writeFrame } from './recordFrame.ts';

/** A batch as it goes to disk: one buffer of framed JSON lines, where each line starts, and each record's timestamp. */
export interface EncodedBatch {
  bytes: Buffer;
  /** Byte offset of each line within `bytes`. */
  lineStarts: number[];
  timestamps: number[];
}

/**
 * Serialises a batch once, when `append` is called: the stored copy is fixed at that moment (later changes by
 * the caller do not leak in, as for every driver), and a value JSON cannot hold fails the call up front, naming
 * the record. JSON never contains a raw newline (it escapes them in strings), so each `\n` ends a record. Each
 * line is framed with the CRC-32 of the record's JSON bytes (see recordFrame), computed over the bytes just written.
 *
 * Each line is written straight into one buffer sized for ASCII (JSON of error records almost always is): about
 * 1.5 µs a record, most of it `JSON.stringify`. Concatenating the lines into one string first and converting
 * that costs two to four times as much (the string is a rope V8 must flatten before encoding it).
 */
export function encodeBatch(records: readonly ErrorRecord[]): EncodedBatch {
  const lines = new Array<string>(records.length);
  const timestamps = new Array<number>(records.length);
  let size = records.length * (FRAME_BYTES + 1); // the frames and newlines
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    try {
      lines[i] = JSON.stringify(record);
    } catch (error) {
      throw new StoreError(
        FILE_DRIVER,
        `append: records[${i}] cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    size += lines[i]!.length;
    timestamps[i] = record.timestamp;
  }
  let bytes = Buffer.allocUnsafe(size);
  let at = 0;
  const lineStarts = new Array<number>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Non-ASCII text takes more bytes than characters: measure exactly only when it might not fit.
    if (
      at + line.length * 3 + FRAME_BYTES + 1 > bytes.length &&
      at + Buffer.byteLength(line) + FRAME_BYTES + 1 > bytes.length
    ) {
      const bigger = Buffer.allocUnsafe(bytes.length * 2 + Buffer.byteLength(line) + FRAME_BYTES + 1);
      bytes.copy(bigger, 0, 0, at);
      bytes = bigger;
    }
    lineStarts[i] = at;
    at = writeFrame(bytes, at, at + FRAME_HEAD + bytes.write(line, at + FRAME_HEAD));
    bytes[at++] = 10;
  }
  return { bytes: bytes.subarray(0, at), lineStarts, timestamps };
}
