import { describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';

describe('encodeBatch', () => {
  it('writes one JSON line per record, and where each starts', () => {
    const records = [record(1), record(2, { message: 'a\nb "quoted"' })];
    const { bytes, lineStarts, timestamps } = encodeBatch(records);
    expect(bytes.toString('utf8')).toBe(records.map((r) => JSON.stringify(r) + '\n').join(''));
    expect(lineStarts).toEqual([0, Buffer.byteLength(JSON.stringify(records[0])) + 1]);
    expect(timestamps).toEqual([records[0]!.timestamp, records[1]!.timestamp]);
  });

  it('makes room for text that takes more bytes than characters', () => {
    const records = [record(1, { message: 'ü'.repeat(300) }), record(2, { message: '𝄞✓é' }), record(3)];
    const { bytes, lineStarts } = encodeBatch(records);
    const lines = records.map((r) => JSON.stringify(r) + '\n');
    expect(bytes.toString('utf8')).toBe(lines.join(''));
    expect(lineStarts).toEqual([0, Buffer.byteLength(lines[0]!), Buffer.byteLength(lines[0]! + lines[1]!)]);
  });

  it('names a record JSON cannot hold', () => {
    expect(() => encodeBatch([record(1), record(2, { metadata: { n: 1n } })])).toThrow(
      'file: append: records[1] cannot be stored as JSON: Do not know how to serialize a BigInt',
    );
  });
});
