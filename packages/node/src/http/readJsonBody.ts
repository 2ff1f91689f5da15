import type { IncomingMessage } from 'node:http';

/** Why a request body was refused, with the status to answer. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a small JSON body. `Content-Type: application/json` is required: a page on another site can send a
 * "simple" cross-origin POST (a form, `text/plain`) without asking first, but not this one — the browser must
 * ask with a preflight, which this server never grants.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json[ \t]*(;|$)/i.test(type)) throw new BodyError(415, 'Content-Type must be application/json');
  if (Number(req.headers['content-length']) > maxBytes)
    throw new BodyError(413, `body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  // Events, not `for await`: leaving that loop early destroys the request, and with it the socket the answer
  // (413) still has to go out on. An oversized body is read to its end and thrown away.
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', resolve);
    req.on('error', reject);
  });
  if (size > maxBytes) throw new BodyError(413, `body is larger than ${maxBytes} bytes`);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
