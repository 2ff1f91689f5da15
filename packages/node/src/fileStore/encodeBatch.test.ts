import { crc32 } from 'node:zlib';
import type { ErrorRecord } from '@breakwater/core';
import { describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';

/** A line as the format says: the CRC-32 of the record's JSON bytes in hex, then the record, in an array. */
const framed = (r: ErrorRecord) => {
  const json = JSON.stringify(r);
  return `["${crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0')}",${json}]\n`;
};

describe('encodeBatch', () => {
  it('writes one framed JSON line per record (checksum, record), and where each starts', () => {
    const records = [record(1), record(2, { message: 'a\nb "quoted"' })];
    const { bytes, lineStarts, timestamps } = encodeBatch(records);
    expect(bytes.toString('utf8')).toBe(records.map(framed).join(''));
    expect(lineStarts).toEqual([0, Buffer.byteLength(framed(records[0]!))]);
    expect(timestamps).toEqual([records[0]!.timestamp, records[1]!.timestamp]);
  });

  it('makes room for text that takes more bytes than characters', () => {
    const records = [record(1, { message: 'ü'.repeat(300) }), record(2, { message: '𝄞✓é' }), record(3)];
    const { bytes, lineStarts } = encodeBatch(records);
    const lines = records.map(framed);
    expect(bytes.toString('utf8')).toBe(lines.join(''));
    expect(lineStarts).toEqual([0, Buffer.byteLength(lines[0]!), Buffer.byteLength(lines[0]! + lines[1]!)]);
  });

  it('names a record JSON cannot hold', () => {
    expect(() => encodeBatch([record(1), record(2, { metadata: { n: 1n } })])).toThrow(
      'file: append: records[1] cannot be stored as JSON: Do not know how to serialize a BigInt',
    );
  });
});
