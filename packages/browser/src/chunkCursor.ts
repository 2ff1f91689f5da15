/**
 * Where a page ended: the key of the chunk holding its last record and that record's position in the chunk.
 * The next page starts just below it. Newer chunks have greater keys and records merged into a chunk later get
 * greater positions, so appends never move what lies below a cursor.
 */
export interface ChunkPosition {
  chunk: number;
  position: number;
}

/** `<chunk>:<position>`, both non-negative integers in decimal. */
export function formatChunkCursor(at: ChunkPosition): string {
  return `${at.chunk}:${at.position}`;
}

/** The position a cursor names, or undefined when it is not one of this format. */
export function parseChunkCursor(cursor: unknown): ChunkPosition | undefined {
  if (typeof cursor !== 'string') return undefined;
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(cursor);
  return match ? { chunk: Number(match[1]), position: Number(match[2]) } : undefined;
}
