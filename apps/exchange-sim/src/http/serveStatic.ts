import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendText } from './replies.ts';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves a built web app from `dir` (`index.html` at `/`), so a page and the API share one origin and need no
 * CORS. No directory listings, no dotfiles, nothing outside `dir`; the files are read on each request, so
 * rebuilding the app while the simulator runs is enough.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, dir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, `Method ${req.method ?? '?'} not allowed; use GET.\n`, { Allow: 'GET, HEAD' });
    return;
  }
  const root = resolve(dir);
  const file = fileFor(root, rawPath);
  if (file === undefined) return sendText(res, 403, 'Forbidden path.\n');
  if (!(await isFile(file))) return sendText(res, 404, 'Not found.\n');
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The file a URL path names inside `root`, or undefined when it tries to leave it (or is malformed). */
function fileFor(root: string, rawPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path === '/') return join(root, 'index.html');
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
