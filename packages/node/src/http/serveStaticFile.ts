import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendText } from './sendText.ts';

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
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface StaticFileOptions {
  /** Extra headers for a file about to be sent (a page's CSP, caching of hashed assets). */
  headersFor?: (file: string, root: string) => OutgoingHttpHeaders;
}

/**
 * Serves a built web app from `dir`: `index.html` at `/`, other files by path with their content type. No
 * directory listings, no dotfiles, nothing outside `dir`; files are read on each request, so rebuilding the
 * app while the server runs is enough. Shared by the devtools server and the exchange simulator.
 */
export async function serveStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  dir: string,
  options: StaticFileOptions = {},
): Promise<void> {
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
    ...options.headersFor?.(file, root),
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
  // `..` and `.` start with a dot too. Empty segments (`/assets/`, `a//b`) add nothing; directories are never served.
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments);
  // Belt and braces: whatever the checks above missed must still land inside the root.
  return file.startsWith(root + sep) ? file : undefined;
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
