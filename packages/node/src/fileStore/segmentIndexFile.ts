import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { errorCode, fsError } from './fsError.ts';
import { indexFileOf, Segment, type SkippedLine } from './Segment.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const MAGIC = Buffer.from('BWSEGIDX', 'latin1');

interface Header {
  version: 2;
  /** Size of the segment file this index describes: any other size means the index is out of date. */
  bytes: number;
  count: number;
  skipped: SkippedLine[];
  /** Of the header's other fields (as JSON) and the arrays that follow, so a damaged index is never trusted. */
  sha1: string;
}

/** What a sidecar index says about its segment. */
export interface SegmentIndex {
  /** The segment's size when the index was written. */
  bytes: number;
  offsets: Uint32Array;
  timestamps: Float64Array;
  skipped: SkippedLine[];
}

/**
 * The sidecar index of a sealed segment (`history-000042.idx`), so opening a store with a million records reads
 * ~12 MB of indexes instead of parsing ~400 MB of JSON. Layout: `BWSEGIDX`, a u32 header length, a JSON header,
 * then the record offsets (u32) and timestamps (f64) in the machine's byte order (little-endian everywhere
 * Node runs in practice; a big-endian machine just rescans). The index is derived data: written with
 * temp + rename, and whenever it is missing, damaged or describes a different file size, the segment is
 * scanned again and the index rewritten. An intact index of a different size is still evidence: a segment
 * shorter than its index says lost records (see openSegments). Version 1 indexes (whose hash did not cover the
 * header) are rebuilt once.
 */
export async function writeSegmentIndex(segment: Segment, sync: boolean): Promise<void> {
  if (endianness() !== 'LE') return;
  const { offsets, timestamps } = segment.arrays();
  const body = Buffer.concat([
    Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength),
    Buffer.from(timestamps.buffer, timestamps.byteOffset, timestamps.byteLength),
  ]);
  const fields = { version: 2 as const, bytes: segment.bytes, count: segment.count, skipped: segment.skipped };
  const header: Header = { ...fields, sha1: sha1(JSON.stringify(fields), body) };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  await writeFileAtomic(indexFileOf(segment.file), Buffer.concat([MAGIC, length, headerBytes, body]), sync);
}

/** The segment's sidecar index, or undefined when there is none or it is damaged (or from another version). */
export async function readSegmentIndex(dir: string, number: number): Promise<SegmentIndex | undefined> {
  if (endianness() !== 'LE') return undefined;
  const indexFile = indexFileOf(new Segment(dir, number).file);
  let data: Buffer;
  try {
    data = await readFile(indexFile);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsError('read', indexFile, error);
  }
  return decodeSegmentIndex(data);
}

function decodeSegmentIndex(data: Buffer): SegmentIndex | undefined {
  if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerEnd = MAGIC.length + 4 + data.readUInt32LE(MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length + 4, headerEnd)) as Header;
  } catch {
    return undefined;
  }
  const { version, bytes, count, skipped } = header ?? {};
  if (
    version !== 2 ||
    !Number.isSafeInteger(bytes) ||
    bytes < 0 ||
    !Number.isInteger(count) ||
    count < 0 ||
    !Array.isArray(skipped)
  )
    return undefined;
  const body = data.subarray(headerEnd);
  if (body.length !== count * 12 || sha1(JSON.stringify({ version, bytes, count, skipped }), body) !== header.sha1)
    return undefined;
  // Copied out (slice) so the typed arrays start on an aligned offset of their own buffer.
  const offsets = new Uint32Array(body.buffer.slice(body.byteOffset, body.byteOffset + count * 4));
  const timestamps = new Float64Array(body.buffer.slice(body.byteOffset + count * 4, body.byteOffset + count * 12));
  return { bytes, offsets, timestamps, skipped };
}

function sha1(fields: string, body: Uint8Array): string {
  return createHash('sha1').update(fields).update(body).digest('hex');
}
