import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendText } from './httpReplies.ts';

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

/**
 * The page may only load what this server serves, talk only to it, and never be framed by another site
 * (its buttons reset breakers). Inline styles stay allowed: React and Vite's CSS use them.
 */
const pagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const BUILD_COMMAND = 'npm run build -w @breakwater/devtools-app';

/**
 * Serves the built app from `appDir`: `index.html` at `/`, other files by path with their content type. No
 * directory listings, no dotfiles, nothing outside `appDir`. The app is looked for on every request, so
 * building it while the server runs is enough.
 */
export async function serveApp(req: IncomingMessage, res: ServerResponse, rawPath: string, appDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, `Method ${req.method ?? '?'} not allowed; use GET.\n`, { Allow: 'GET, HEAD' });
    return;
  }
  const root = resolve(appDir);
  if (!(await isFile(join(root, 'index.html')))) {
    sendText(
      res,
      503,
      `The Breakwater devtools app has not been built yet.\n\nBuild it, then reload this page:\n\n  ${BUILD_COMMAND}\n`,
    );
    return;
  }
  const file = fileFor(root, rawPath);
  if (file === undefined) {
    sendText(res, 403, 'Forbidden path.\n');
    return;
  }
  if (!(await isFile(file))) {
    sendText(res, 404, 'Not found.\n');
    return;
  }
  const body = await readFile(file);
  const isPage = file.endsWith('.html');
  // Built assets carry a content hash in their name: they never change under the same URL.
  const immutable = file.startsWith(join(root, 'assets') + sep);
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(isPage ? { 'Content-Security-Policy': pagePolicy, 'X-Frame-Options': 'DENY' } : {}),
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
  // Belt and braces: whatever the checks above missed must still land inside the app.
  return file.startsWith(root + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
