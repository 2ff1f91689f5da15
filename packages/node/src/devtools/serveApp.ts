import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { isFile, serveStaticFile } from '../http/serveStaticFile.ts';
import { sendText } from '../http/sendText.ts';

/**
 * The page may only load what this server serves, talk only to it (and to the fleet's other devtools servers,
 * `fleetOrigins`), and never be framed by another site (its buttons reset breakers). Inline styles stay allowed:
 * React and Vite's CSS use them.
 */
const pagePolicy = (fleetOrigins: readonly string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...fleetOrigins].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const BUILD_COMMAND = 'npm run build -w @breakwater/devtools-app';

/**
 * Serves the built app from `appDir` (see `serveStaticFile`), with a strict policy for its page; when the app
 * is not built, a page saying how to build it. Looked for on every request: building while the server runs is
 * enough.
 */
export async function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  appDir: string,
  fleetOrigins: readonly string[] = [],
): Promise<void> {
  if ((req.method === 'GET' || req.method === 'HEAD') && !(await isFile(join(resolve(appDir), 'index.html')))) {
    sendText(
      res,
      503,
      `The Breakwater devtools app has not been built yet.\n\nBuild it, then reload this page:\n\n  ${BUILD_COMMAND}\n`,
    );
    return;
  }
  await serveStaticFile(req, res, rawPath, appDir, {
    headersFor: (file, root) => ({
      // Built assets carry a content hash in their name: they never change under the same URL.
      ...(file.startsWith(join(root, 'assets') + sep)
        ? { 'Cache-Control': 'public, max-age=31536000, immutable' }
        : {}),
      ...(file.endsWith('.html')
        ? { 'Content-Security-Policy': pagePolicy(fleetOrigins), 'X-Frame-Options': 'DENY' }
        : {}),
    }),
  });
}
