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

describe('encodeBatch buffers', () => {
  it('never lets a later batch write over an earlier one', () => {
    const first = encodeBatch([record(1), record(2)]);
    const expected = Buffer.from(first.bytes).toString('utf8');
    // ~3 MiB of later batches: any buffer pooling would be used up and reused several times over.
    for (let i = 0; i < 80; i++) {
      encodeBatch(Array.from({ length: 100 }, (_, k) => record(1000 + i * 100 + k, { message: 'x'.repeat(300) })));
    }
    expect(first.bytes.toString('utf8')).toBe(expected);
    expect(first.bytes.toString('utf8')).toBe([record(1), record(2)].map(framed).join(''));
  });

  it('keeps a big batch and a small one apart', () => {
    const big = encodeBatch(Array.from({ length: 400 }, (_, k) => record(k, { message: 'y'.repeat(400) })));
    const small = encodeBatch([record(9)]);
    expect(small.bytes.toString('utf8')).toBe(framed(record(9)));
    expect(big.bytes.toString('utf8')).toBe(
      Array.from({ length: 400 }, (_, k) => framed(record(k, { message: 'y'.repeat(400) }))).join(''),
    );
  });
});
