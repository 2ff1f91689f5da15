import { describe, expect, it } from 'vitest';
import { record } from '../../../../test/contract/historyStoreContract.ts';
import { encodeBatch } from './encodeBatch.ts';
import { checkRecordLine, parseRecordLine } from './parseRecordLine.ts';

/** Record i's line without its newline, as a buffer. */
const lineOf = (i: number, overrides = {}) => {
  const { bytes } = encodeBatch([record(i, overrides)]);
  return bytes.subarray(0, bytes.length - 1);
};

describe('record lines framed with a checksum', () => {
  it('read back to the record that was written; legacy lines without a frame too', () => {
    const message = 'ü 𝄞 "quoted"\nnext';
    const framed = lineOf(7, { message });
    expect(parseRecordLine(framed, 0, framed.length)).toEqual({ record: record(7, { message }) });
    const legacy = Buffer.from(JSON.stringify(record(7)));
    expect(parseRecordLine(legacy, 0, legacy.length)).toEqual({ record: record(7) });
    expect(checkRecordLine(framed, 0, framed.length)).toBeUndefined();
  });

  it('every change of a single byte anywhere in a line is caught, never read as another record', () => {
    const original = lineOf(12);
    const missed: string[] = [];
    let tried = 0;
    for (let at = 0; at < original.length; at++) {
      for (const value of [
        0x00,
        0x0a,
        0x20,
        0x22,
        0x30,
        0x5b,
        0x7b,
        0x7d,
        original[at]! ^ 0x01,
        original[at]! ^ 0x80,
      ]) {
        if (value === original[at]) continue;
        const damaged = Buffer.from(original);
        damaged[at] = value;
        const parsed = parseRecordLine(damaged, 0, damaged.length);
        if (parsed.record || checkRecordLine(damaged, 0, damaged.length) !== parsed.reason)
          missed.push(`byte ${at} set to ${value}`);
        tried++;
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBeGreaterThan(original.length * 8);
  });

  it('names the damage: a broken frame, or the stored and computed checksums', () => {
    const line = lineOf(3);
    const text = line.toString('latin1');
    const stored = text.slice(2, 10);
    const flipped = Buffer.from(text.replace('failure number 3', 'failure number 4'), 'latin1');
    expect(parseRecordLine(flipped, 0, flipped.length).reason).toMatch(
      new RegExp(`^checksum mismatch \\(stored ${stored}, computed [0-9a-f]{8}\\)$`),
    );
    const notHex = Buffer.from(`["g${text.slice(3)}`, 'latin1');
    expect(parseRecordLine(notHex, 0, notHex.length).reason).toBe('invalid checksum frame');
    const torn = line.subarray(0, line.length - 1);
    expect(parseRecordLine(torn, 0, torn.length).reason).toBe('invalid checksum frame');
  });
});
