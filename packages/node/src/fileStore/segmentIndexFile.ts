import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { errorCode, fsError } from './fsError.ts';
import { indexFileOf, Segment, type SkippedLine } from './Segment.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const MAGIC = Buffer.from('BWSEGIDX', 'latin1');

interface Header {
  version: 1;
  /** Size of the segment file this index describes: any other size means the index is out of date. */
  bytes: number;
  count: number;
  skipped: SkippedLine[];
  /** Of the arrays that follow, so a damaged index is rebuilt rather than trusted. */
  sha1: string;
}

/**
 * The sidecar index of a sealed segment (`history-000042.idx`), so opening a store with a million records reads
 * ~12 MB of indexes instead of parsing ~400 MB of JSON. Layout: `BWSEGIDX`, a u32 header length, a JSON header,
 * then the record offsets (u32) and timestamps (f64) in the machine's byte order (little-endian everywhere
 * Node runs in practice; a big-endian machine just rescans). The index is derived data: written with
 * temp + rename, and whenever it is missing, damaged or describes a different file size, the segment is
 * scanned again and the index rewritten.
 */
export async function writeSegmentIndex(segment: Segment, sync: boolean): Promise<void> {
  if (endianness() !== 'LE') return;
  const { offsets, timestamps } = segment.arrays();
  const body = Buffer.concat([Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength), Buffer.from(timestamps.buffer, timestamps.byteOffset, timestamps.byteLength)]);
  const header: Header = { version: 1, bytes: segment.bytes, count: segment.count, skipped: segment.skipped, sha1: sha1(body) };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  await writeFileAtomic(indexFileOf(segment.file), Buffer.concat([MAGIC, length, headerBytes, body]), sync);
}

/** The segment as its sidecar index describes it, or undefined when there is no usable index for this size. */
export async function readSegmentIndex(dir: string, number: number, fileSize: number): Promise<Segment | undefined> {
  if (endianness() !== 'LE') return undefined;
  const probe = new Segment(dir, number);
  const indexFile = indexFileOf(probe.file);
  let data: Buffer;
  try {
    data = await readFile(indexFile);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsError('read', indexFile, error);
  }
  if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerEnd = MAGIC.length + 4 + data.readUInt32LE(MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length + 4, headerEnd)) as Header;
  } catch {
    return undefined;
  }
  const { count } = header;
  if (header.version !== 1 || header.bytes !== fileSize || !Number.isInteger(count) || count < 0 || !Array.isArray(header.skipped)) return undefined;
  const body = data.subarray(headerEnd);
  if (body.length !== count * 12 || sha1(body) !== header.sha1) return undefined;
  // Copied out (slice) so the typed arrays start on an aligned offset of their own buffer.
  const offsets = new Uint32Array(body.buffer.slice(body.byteOffset, body.byteOffset + count * 4));
  const timestamps = new Float64Array(body.buffer.slice(body.byteOffset + count * 4, body.byteOffset + count * 12));
  return new Segment(dir, number, { offsets, timestamps, bytes: fileSize, skipped: header.skipped });
}

function sha1(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
