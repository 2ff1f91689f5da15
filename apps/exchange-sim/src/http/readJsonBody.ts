import type { IncomingMessage } from 'node:http';

/** A request body that cannot be read as JSON; `status` is the answer to give. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a small JSON body. `Content-Type: application/json` is required: another site's page may send a form
 * or `text/plain` POST here without asking, but not this one — that needs a CORS preflight, never granted.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json[ \t]*(;|$)/i.test(type)) throw new BodyError(415, 'Content-Type must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large, so the answer can still go out on this connection.
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', resolve);
    req.on('error', reject);
  });
  if (size > maxBytes) throw new BodyError(413, `body is larger than ${maxBytes} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
